with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('pos_transactions', 'base') }} as is_erased,
        {{ firstparty.is_expired('pos_transactions', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        transaction_id,
        loyalty_id,
        store_id,
        currency,
        total_amount,
        transacted_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
