{# Per raw export, the columns that identify a person or a record of theirs, each with its identifier type. #}
{#
    What the erasure closure follows and what staging checks against the tombstones, read from the
    export registry (export_registry, rendered from the identifiers of each export in
    src/firstparty/exports.py). `type` is a SQL expression giving the identifier type (a quoted
    literal, or the consent export's subject_type column); `column` is the base_ model's column. A
    record's own key is an identifier too, so that its other versions and the records that refer to it
    (an order's lines, a click's conversion) go with it. The same type means the same namespace: web
    events' user_id is the shop account they logged into, a conversion's hashed_email is the SHA-256 of
    an email (email_sha256). Privacy requests take part in the closure but are never erased: staging
    keeps the request and blanks its identifiers.

    `raw` is the export's column and `parse` how it is normalised (macro export_column: id trimmed,
    email, phone (with the row's `country` when given), sha256, subject: by the consent subject's type).
    The base_ models select every identifier through export_column, and the erasure closure reads the
    same expressions straight from the raw export, so both see the same values by construction.
#}
{% macro erasure_identifiers() -%}
    {%- set identifiers = {} -%}
    {%- for export in firstparty.unit_exports(firstparty.export_registry()) -%}
        {%- do identifiers.update({export['name']: export['identifiers']}) -%}
    {%- endfor -%}
    {{ return(identifiers) }}
{%- endmacro %}
