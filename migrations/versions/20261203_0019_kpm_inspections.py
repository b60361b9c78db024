"""kpm inspections: a site's yearly report and visit (tilsyn), and the findings with deadlines

An education site that is approved or on dispensation is due for inspection in a year until
that year has both a written report and a visit (seed 000 §2.3). Each inspection may record
deficiencies (avvik) with a deadline; a finding is closed on a date, after a follow-up by
report or visit. The inspector's region is kept so that a regional centre is never
inspected by its own region.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 05:57:34.796766

"""
from alembic import op
import sqlalchemy as sa

import app.core.types


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('report', 'visit', name='inspection_kind', native_enum=False, create_constraint=True, length=14), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('inspector', sa.String(length=200), nullable=True),
    sa.Column('inspector_region_id', sa.Integer(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('year BETWEEN 1900 AND 2200', name=op.f('ck_site_inspections_year_in_range')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['users.id'], name=op.f('fk_site_inspections_created_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inspector_region_id'], ['regions.id'], name=op.f('fk_site_inspections_inspector_region_id_regions')),
    sa.ForeignKeyConstraint(['site_id'], ['education_sites.id'], name=op.f('fk_site_inspections_site_id_education_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_inspections'))
    )
    with op.batch_alter_table('site_inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_inspections_site_id'), ['site_id'], unique=False)

    op.create_table('inspection_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('follow_up', sa.Enum('report', 'visit', name='inspection_kind', native_enum=False, create_constraint=True, length=14), nullable=True),
    sa.Column('closed_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_user_id'], ['users.id'], name=op.f('fk_inspection_findings_closed_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inspection_id'], ['site_inspections.id'], name=op.f('fk_inspection_findings_inspection_id_site_inspections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_findings'))
    )
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_findings_inspection_id'), ['inspection_id'], unique=False)


def downgrade():
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_findings_inspection_id'))

    op.drop_table('inspection_findings')
    with op.batch_alter_table('site_inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_inspections_site_id'))

    op.drop_table('site_inspections')
