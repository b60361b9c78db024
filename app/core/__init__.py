"""Shared machinery: types, errors, access predicates, mail, feeds, workbooks, audit."""
