"""persons.created_in_network_id: the network a person without membership belongs to

A person with no membership who leads no member (a leader registered before her staff, a
person not placed yet) belongs to the network of the coordinator who registered her; NULL
(an admin registered her) means any coordinator may place her. Existing rows are filled from
the audit log: the lowest-numbered network of the coordinator who logged `person.create`;
persons an admin created, or with no such entry, stay NULL.

Revision ID: 0011
Revises: 0014
Create Date: 2026-12-02 20:00:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_in_network_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_persons_created_in_network_id", ["created_in_network_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_persons_created_in_network_id_networks",
            "networks",
            ["created_in_network_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        """
        UPDATE persons SET created_in_network_id = (
            SELECT MIN(cn.network_id)
            FROM audit_entries a
            JOIN users u ON u.id = a.user_id
            JOIN coordinator_networks cn ON cn.user_id = a.user_id
            WHERE a.action = 'person.create' AND a.object_type = 'Person'
              AND a.object_id = persons.id AND u.role = 'coordinator'
        )
        """
    )


def downgrade():
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint("fk_persons_created_in_network_id_networks", type_="foreignkey")
        batch_op.drop_index("ix_persons_created_in_network_id")
        batch_op.drop_column("created_in_network_id")
