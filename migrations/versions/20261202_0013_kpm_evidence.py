"""kpm evidence: education sites decide what counts, attestation before it counts

Education sites get an approval (applied/approved/dispensation/withdrawn) with its window, a
region, the regional-centre flag, their education committee, plan and weekly teaching, and a
history of approval changes. Today's ``approved``/``dispensation`` booleans become the
approval (approved + dispensation = dispensation, approved = approved, else applied), each
site getting one history entry saying so; ``last_inspection_on`` moves into the notes (the
inspections of a later revision replace it). A nursing-home unit is never a site (seed 001):
periods linked to one keep their name and approval as a pre-approved period outside the
registry, and the unit is removed.

Supervision meetings, teaching hours and documents get ``attested_at``/``attested_by``.
Records stored before this revision were accepted under the old rules and are kept as
attested (from when they were stored); only new records wait for attestation.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 19:35:46.684408

"""
import datetime

from alembic import op
import sqlalchemy as sa

import app.core.types


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_KINDS_OLD = "'specialist_approval', 'education_plan', 'research_project', 'theory_course'"
_KINDS_NEW = _KINDS_OLD + ", 'head_of_department_statement'"


def upgrade():
    op.create_table('education_site_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('approval', sa.Enum('applied', 'approved', 'dispensation', 'withdrawn', name='site_approval', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('approved_from', sa.Date(), nullable=True),
    sa.Column('approved_until', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_user_id'], ['users.id'], name=op.f('fk_education_site_approvals_recorded_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['education_sites.id'], name=op.f('fk_education_site_approvals_site_id_education_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_education_site_approvals'))
    )
    with op.batch_alter_table('education_site_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_education_site_approvals_site_id'), ['site_id'], unique=False)

    op.create_table('kpm_supervisor_qualifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kpm_approved_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_kpm_supervisor_qualifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpm_supervisor_qualifications')),
    sa.UniqueConstraint('user_id', name=op.f('uq_kpm_supervisor_qualifications_user_id'))
    )
    with op.batch_alter_table('education_sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('regional_centre', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('approval', sa.Enum('applied', 'approved', 'dispensation', 'withdrawn', name='site_approval', native_enum=False, create_constraint=True, length=20), nullable=False, server_default='applied'))
        batch_op.add_column(sa.Column('approved_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('approved_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('committee_chair', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('committee_members', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('education_plan', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('weekly_teaching_hours', sa.Float(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_education_sites_region_id_regions'), 'regions', ['region_id'], ['id'])

    approvals = _sites_up()

    with op.batch_alter_table('education_sites', schema=None) as batch_op:
        batch_op.alter_column('regional_centre', server_default=None)
        batch_op.alter_column('approval', server_default=None)
        batch_op.drop_column('last_inspection_on')
        batch_op.drop_column('approved')
        batch_op.drop_column('dispensation')
        batch_op.create_check_constraint(
            op.f('ck_education_sites_kind_is_a_centre'),
            "kind IN ('centre_with_beds', 'centre_without_beds')",
        )

    # After the rebuild: on SQLite rebuilding the sites table cascades to their history.
    history = sa.table(
        'education_site_approvals',
        sa.column('site_id', sa.Integer), sa.column('approval', sa.String),
        sa.column('reason', sa.Text), sa.column('recorded_on', sa.Date),
    )
    for site_id, approval in approvals:
        op.get_bind().execute(
            history.insert().values(
                site_id=site_id,
                approval=approval,
                reason='Overført fra tidligere registrering',
                recorded_on=datetime.date.today(),
            )
        )

    with op.batch_alter_table('person_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attested_at', app.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attested_by_user_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('ck_person_documents_document_kind'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.VARCHAR(length=27), type_=sa.String(length=36), existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_person_documents_document_kind'), "kind IN (" + _KINDS_NEW + ")")
        batch_op.create_foreign_key(batch_op.f('fk_person_documents_attested_by_user_id_users'), 'users', ['attested_by_user_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('service_periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preapproval_supervisor', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('preapproval_programme', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('preapproval_beds', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('preapproval_centre', sa.String(length=200), nullable=True))

    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attested_at', app.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attested_by_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_supervision_meetings_attested_by_user_id_users'), 'users', ['attested_by_user_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('teaching_hours', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attested_at', app.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attested_by_user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_teaching_hours_attested_by_user_id_users'), 'users', ['attested_by_user_id'], ['id'], ondelete='SET NULL')

    for table in ('supervision_meetings', 'teaching_hours', 'person_documents'):
        op.execute(f'UPDATE {table} SET attested_at = created_at')  # noqa: S608 - fixed names


def _sites_up():
    """Booleans → approval (returned for the history); nursing-home units leave the registry."""
    bind = op.get_bind()
    sites = sa.table(
        'education_sites',
        sa.column('id', sa.Integer), sa.column('kind', sa.String), sa.column('approved', sa.Boolean),
        sa.column('dispensation', sa.Boolean), sa.column('last_inspection_on', sa.Date),
        sa.column('notes', sa.Text), sa.column('approval', sa.String),
    )
    periods = sa.table(
        'service_periods',
        sa.column('education_site_id', sa.Integer), sa.column('approved', sa.Boolean),
    )
    approvals = []
    for row in bind.execute(sa.select(sites)).mappings().all():
        if row['kind'] == 'nursing_home_unit':
            bind.execute(
                periods.update()
                .where(periods.c.education_site_id == row['id'])
                .values(education_site_id=None, approved=bool(row['approved']))
            )
            bind.execute(sites.delete().where(sites.c.id == row['id']))
            continue
        if row['approved'] and row['dispensation']:
            approval = 'dispensation'
        elif row['approved']:
            approval = 'approved'
        else:
            approval = 'applied'
        notes = row['notes']
        if row['last_inspection_on'] is not None:
            line = 'Siste tilsyn: ' + row['last_inspection_on'].strftime('%d.%m.%Y')
            notes = f'{notes}\n{line}' if notes else line
        bind.execute(
            sites.update().where(sites.c.id == row['id']).values(approval=approval, notes=notes)
        )
        approvals.append((row['id'], approval))
    return approvals


def downgrade():
    op.execute("DELETE FROM person_documents WHERE kind = 'head_of_department_statement'")
    with op.batch_alter_table('teaching_hours', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_teaching_hours_attested_by_user_id_users'), type_='foreignkey')
        batch_op.drop_column('attested_by_user_id')
        batch_op.drop_column('attested_at')

    with op.batch_alter_table('supervision_meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_supervision_meetings_attested_by_user_id_users'), type_='foreignkey')
        batch_op.drop_column('attested_by_user_id')
        batch_op.drop_column('attested_at')

    with op.batch_alter_table('service_periods', schema=None) as batch_op:
        batch_op.drop_column('preapproval_centre')
        batch_op.drop_column('preapproval_beds')
        batch_op.drop_column('preapproval_programme')
        batch_op.drop_column('preapproval_supervisor')

    with op.batch_alter_table('person_documents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_person_documents_attested_by_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(op.f('ck_person_documents_document_kind'), type_='check')
        batch_op.alter_column('kind', existing_type=sa.String(length=36), type_=sa.VARCHAR(length=27), existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_person_documents_document_kind'), "kind IN (" + _KINDS_OLD + ")")
        batch_op.drop_column('attested_by_user_id')
        batch_op.drop_column('attested_at')

    with op.batch_alter_table('education_sites', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_education_sites_kind_is_a_centre'), type_='check')
        batch_op.add_column(sa.Column('dispensation', sa.BOOLEAN(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('approved', sa.BOOLEAN(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('last_inspection_on', sa.DATE(), nullable=True))
    op.execute(
        "UPDATE education_sites SET approved = (approval IN ('approved', 'dispensation')), "
        "dispensation = (approval = 'dispensation')"
    )
    with op.batch_alter_table('education_sites', schema=None) as batch_op:
        batch_op.alter_column('dispensation', server_default=None)
        batch_op.alter_column('approved', server_default=None)
        batch_op.drop_constraint(batch_op.f('fk_education_sites_region_id_regions'), type_='foreignkey')
        batch_op.drop_column('weekly_teaching_hours')
        batch_op.drop_column('education_plan')
        batch_op.drop_column('committee_members')
        batch_op.drop_column('committee_chair')
        batch_op.drop_column('approved_until')
        batch_op.drop_column('approved_from')
        batch_op.drop_constraint(op.f('ck_education_sites_site_approval'), type_='check')
        batch_op.drop_column('approval')
        batch_op.drop_column('regional_centre')
        batch_op.drop_column('region_id')

    op.drop_table('kpm_supervisor_qualifications')
    with op.batch_alter_table('education_site_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_education_site_approvals_site_id'))

    op.drop_table('education_site_approvals')
