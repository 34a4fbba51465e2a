{#- Every raw row parsed and classified once per build; erased and expired rows kept as stubs (governed_rows). -#}

{%- set checks = [
    {'failed': 'order_line_id is null', 'reason': 'missing_key', 'column': 'order_line_id'},
    {'failed': 'order_id is null', 'reason': 'missing_reference', 'column': 'order_id'},
    {'failed': 'quantity is null or quantity <= 0', 'reason': 'invalid_quantity', 'column': 'quantity'},
] + firstparty.amount_checks('unit_price') + [
    {'failed': 'unit_price < 0', 'reason': 'negative_amount', 'column': 'unit_price'},
] -%}

with

source as (
    select * from {{ firstparty.raw_source('shop', 'order_lines') }}
),

parsed as (
    select
        {{ firstparty.export_column('shop_order_lines', 'order_line_id') }} as order_line_id,
        {{ firstparty.export_column('shop_order_lines', 'order_id') }} as order_id,
        {{ firstparty.trimmed('product_sku') }} as product_sku,
        lower({{ firstparty.trimmed('product_category') }}) as product_category,
        {{ firstparty.parse_integer('quantity') }} as quantity,
        {{ firstparty.parse_decimal('unit_price') }} as unit_price,
        {{ firstparty.trimmed('unit_price') }} as unit_price_text,
        {{ firstparty.row_hash([
            'order_line_id', 'order_id', 'product_sku', 'product_category', 'quantity', 'unit_price',
        ]) }} as raw_row_hash
    from source
),

checked as (
    select
        *,
        {{ firstparty.quarantine_checks(checks) }}
    from parsed
),

classified as (
    select
        *,
        {{ firstparty.row_status('order_line_id', 'order_id') }} as row_status
    from checked
),

governed as (
    {{ firstparty.governed_rows('shop_order_lines', 'classified') }}
)

select * from governed
