"""kpm applications: applications, decisions with letters, their history, document files;
persons.kpm_approved_on

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-03 06:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.core.types


# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kpm_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'approved', 'approved_on_conditions', 'deferred', 'incomplete', 'rejected', 'appealed', name='kpm_application_status', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('started_by_user_id', sa.Integer(), nullable=True),
    sa.Column('dossier', sa.JSON(), nullable=False),
    sa.Column('progress', sa.JSON(), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.Column('appeal_text', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_kpm_applications_person_id_persons'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_user_id'], ['users.id'], name=op.f('fk_kpm_applications_started_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpm_applications'))
    )
    with op.batch_alter_table('kpm_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpm_applications_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpm_applications_status'), ['status'], unique=False)

    op.create_table('kpm_application_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('previous_dossier', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['kpm_applications.id'], name=op.f('fk_kpm_application_events_application_id_kpm_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_kpm_application_events_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpm_application_events'))
    )
    with op.batch_alter_table('kpm_application_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpm_application_events_application_id'), ['application_id'], unique=False)

    op.create_table('kpm_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('approved', 'approved_on_conditions', 'deferred', 'incomplete', 'rejected', name='kpm_decision_outcome', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('conditions', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by_user_id', sa.Integer(), nullable=True),
    sa.Column('letter', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['kpm_applications.id'], name=op.f('fk_kpm_decisions_application_id_kpm_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_user_id'], ['users.id'], name=op.f('fk_kpm_decisions_decided_by_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpm_decisions'))
    )
    with op.batch_alter_table('kpm_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpm_decisions_application_id'), ['application_id'], unique=False)

    op.create_table('kpm_document_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['person_documents.id'], name=op.f('fk_kpm_document_files_document_id_person_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpm_document_files')),
    sa.UniqueConstraint('document_id', name=op.f('uq_kpm_document_files_document_id'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kpm_approved_on', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_column('kpm_approved_on')

    op.drop_table('kpm_document_files')
    with op.batch_alter_table('kpm_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpm_decisions_application_id'))

    op.drop_table('kpm_decisions')
    with op.batch_alter_table('kpm_application_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpm_application_events_application_id'))

    op.drop_table('kpm_application_events')
    with op.batch_alter_table('kpm_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpm_applications_status'))
        batch_op.drop_index(batch_op.f('ix_kpm_applications_person_id'))

    op.drop_table('kpm_applications')
