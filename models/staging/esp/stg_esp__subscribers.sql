with

base as (
    select * from {{ ref('base_esp__subscribers') }}
),

governed as (
    -- staged rows, flagged when they carry an erased identifier or are past their retention window
    select
        base.*,
        {{ firstparty.is_erased('esp_subscribers', 'base') }} as is_erased,
        {{ firstparty.is_expired('esp_subscribers', 'base') }} as is_expired
    from base
    where base.row_status = 'staged'
),

staged as (
    select
        subscriber_id,
        email,
        first_name,
        list_name,
        subscriber_status,
        subscribed_at
    from governed
    where not is_erased and not is_expired
)

select * from staged
