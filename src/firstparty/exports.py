"""The contract of the channel exports firstparty reads, and the registry of what each is for.

This module is the single source of truth for the raw landing tables: the generator writes exactly
these columns in this order, the seeds yml (`seeds/raw/_raw__seeds.yml`) is rendered from it, and the
staging models read these names. Every raw column is text: the landing layer keeps what the export
held, and staging casts and quarantines.

Privacy classes (`pii`) used here:
    email, phone, name, address, postcode, birth_date, online_id (cookie, device, user, click ids),
    hashed_email (an unkeyed hash of an email, still personal data), customer_key (a channel's
    customer/contact/subscriber/loyalty id: pseudonymous personal data), identifier (a column that
    holds any of email, phone or id, by another column's type), none.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    pii: str = "none"


@dataclass(frozen=True)
class Identifier:
    """A column that identifies a person or one of their records: what erasure follows and identity links on.

    The same `type` is the same namespace across exports (a web event's user_id is a shop_customer_id);
    an erasure tombstone is the keyed hash of '<type>:<value>', so a type is never renamed.
    """

    type: str  # the namespace ('email', 'phone', 'shop_customer_id', ...); empty when `type_column` gives it
    column: str  # the column in the base_ and stg_ models
    parse: str  # how export_column normalises it: id, email, phone, sha256, subject (by the row's type)
    raw: str = ""  # the export's column, when its name differs from `column`
    country: str = ""  # the export's column whose country a phone is read in (normalize_phone)
    links: bool = (
        True  # identity links records sharing it; False: the record's own key, which only erasure follows
    )
    identity_type: str = ""  # the type identity records it as, when not `type` (a conversion's hashed_email)
    type_column: str = ""  # the column holding each row's type (the consent subject's subject_type)


@dataclass(frozen=True)
class Attribute:
    """A column besides identifiers that the erasure closure or retention reads straight from the export."""

    column: str  # the column in the base_ model
    parse: str  # id, code (one of `codes`), timestamp
    raw: str = ""  # the export's column, when its name differs
    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parent:
    """The export a record without a timestamp of its own is dated by (an order line by its order)."""

    export: str  # the parent export (`<source>_<table>`)
    key: str  # the column naming the parent, the same name in both exports
    column: str  # the parent's timestamp


PERSON_ATTRIBUTES = ("first_name", "last_name", "birth_date", "street_address", "postcode", "city")
RECORD_KINDS = ("profile", "contact", "transaction", "event")


@dataclass(frozen=True)
class Export:
    source: str  # dbt source name (one per channel)
    table: str  # dbt source table name
    description: str
    key: str  # the column that identifies a record in the export (may be missing in bad rows)
    columns: tuple[Column, ...]
    # What the export is for identity, erasure, retention and reconciliation (rendered into
    # macros/staging/export_registry.sql by `python -m firstparty.sources_yml`; README "Adding a channel"):
    record_key: str = ""  # the key's column in the base_ and stg_ models, when its name differs from `key`
    record_kind: str = ""  # identity's kind of record: profile, contact, transaction or event
    timestamp: str = ""  # the staged timestamp that ages a row (retention) and dates the record
    seen_at: tuple[str, ...] = ()  # identity's date of the record (first non-null), when not `timestamp`
    parent: Parent | None = None  # for a record without a timestamp of its own: what dates and ages it
    retention_class: str = ""  # a key of var retention_days
    identifiers: tuple[Identifier, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    person_attributes: tuple[
        str, ...
    ] = ()  # of PERSON_ATTRIBUTES, same-named staged columns probabilistic matching compares
    contact_points: bool = False  # its email and phone identifiers are contact points consent_state reports

    @property
    def identifier(self) -> str:
        """File stem and seed name: `<source>_<table>`."""
        return f"{self.source}_{self.table}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def staged_key(self) -> str:
        return self.record_key or self.key

    @property
    def base_model(self) -> str:
        return f"base_{self.source}__{self.table}"

    @property
    def stg_model(self) -> str:
        return f"stg_{self.source}__{self.table}"


C = Column
Id = Identifier
Attr = Attribute

EXPORTS: tuple[Export, ...] = (
    Export(
        "crm",
        "contacts",
        "CRM contact records, one row per contact version as exported (re-exports repeat contacts).",
        "contact_id",
        (
            C("contact_id", "CRM contact identifier.", "customer_key"),
            C("email", "Email address as typed into the CRM.", "email"),
            C("phone", "Phone number as typed, national or international format.", "phone"),
            C("first_name", "Given name as typed.", "name"),
            C("last_name", "Family name as typed.", "name"),
            C("street_address", "Street and house number.", "address"),
            C("postcode", "Postal code as typed.", "postcode"),
            C("city", "City as typed.", "address"),
            C("country", "Country as typed: ISO-2, ISO-3 or an English or local name.", "none"),
            C("birth_date", "Date of birth, ISO 8601 date.", "birth_date"),
            C("loyalty_id", "Loyalty card number, when the contact has one.", "customer_key"),
            C("created_at", "When the contact was created, ISO 8601.", "none"),
            C("updated_at", "When this version of the contact was last changed, ISO 8601.", "none"),
        ),
        record_kind="profile",
        timestamp="updated_at",
        seen_at=("created_at", "updated_at"),
        retention_class="customer_profiles",
        identifiers=(
            Id("crm_contact_id", "contact_id", "id", links=False),
            Id("email", "email", "email"),
            Id("phone", "phone", "phone", country="country"),
            Id("loyalty_id", "loyalty_id", "id"),
        ),
        person_attributes=("first_name", "last_name", "birth_date", "street_address", "postcode", "city"),
        contact_points=True,
    ),
    Export(
        "shop",
        "customers",
        "E-commerce shop accounts.",
        "shop_customer_id",
        (
            C("shop_customer_id", "Shop account identifier (also the web login user id).", "customer_key"),
            C("email", "Account email address.", "email"),
            C("first_name", "Given name on the account.", "name"),
            C("last_name", "Family name on the account.", "name"),
            C("phone", "Phone number on the account.", "phone"),
            C("country", "Account country.", "none"),
            C("created_at", "When the account was created, ISO 8601.", "none"),
        ),
        record_kind="profile",
        timestamp="created_at",
        retention_class="account_records",
        identifiers=(
            Id("shop_customer_id", "shop_customer_id", "id"),
            Id("email", "email", "email"),
            Id("phone", "phone", "phone", country="country"),
        ),
        person_attributes=("first_name", "last_name"),
        contact_points=True,
    ),
    Export(
        "shop",
        "orders",
        "E-commerce orders, one row per order.",
        "order_id",
        (
            C("order_id", "Order identifier.", "none"),
            C("shop_customer_id", "Account that placed the order; empty for guest checkout.", "customer_key"),
            C("checkout_email", "Email entered at checkout.", "email"),
            C("currency", "ISO 4217 currency code of the order amounts.", "none"),
            C("total_amount", "Order total in `currency`, decimal.", "none"),
            C("status", "Order status: placed, shipped, delivered, cancelled.", "none"),
            C("ordered_at", "When the order was placed, ISO 8601.", "none"),
        ),
        record_kind="transaction",
        timestamp="ordered_at",
        retention_class="transactions",
        identifiers=(
            Id("shop_order_id", "order_id", "id"),
            Id("shop_customer_id", "shop_customer_id", "id"),
            Id("email", "checkout_email", "email"),
        ),
        attributes=(Attr("ordered_at", "timestamp"),),
        contact_points=True,
    ),
    Export(
        "shop",
        "order_lines",
        "E-commerce order lines, one row per product in an order.",
        "order_line_id",
        (
            C("order_line_id", "Order line identifier.", "none"),
            C("order_id", "Order the line belongs to.", "none"),
            C("product_sku", "Product stock-keeping unit.", "none"),
            C("product_category", "Product category.", "none"),
            C("quantity", "Units ordered, integer.", "none"),
            C("unit_price", "Price of one unit in the order's currency, decimal.", "none"),
        ),
        record_kind="transaction",
        parent=Parent("shop_orders", "order_id", "ordered_at"),
        retention_class="transactions",
        identifiers=(
            Id("shop_order_line_id", "order_line_id", "id", links=False),
            Id("shop_order_id", "order_id", "id"),
        ),
    ),
    Export(
        "shop",
        "refunds",
        "E-commerce refunds against orders.",
        "refund_id",
        (
            C("refund_id", "Refund identifier.", "none"),
            C("order_id", "Order refunded.", "none"),
            C("currency", "ISO 4217 currency code of the refund amount.", "none"),
            C("refund_amount", "Amount refunded, decimal, positive.", "none"),
            C("reason", "Reason given for the refund.", "none"),
            C("refunded_at", "When the refund was issued, ISO 8601.", "none"),
        ),
        record_kind="transaction",
        timestamp="refunded_at",
        retention_class="transactions",
        identifiers=(
            Id("shop_refund_id", "refund_id", "id", links=False),
            Id("shop_order_id", "order_id", "id"),
        ),
    ),
    Export(
        "esp",
        "subscribers",
        "Email service provider subscribers.",
        "subscriber_id",
        (
            C("subscriber_id", "Email platform subscriber identifier.", "customer_key"),
            C("email", "Subscribed email address.", "email"),
            C("first_name", "Given name given at sign-up.", "name"),
            C("list_name", "Mailing list subscribed to.", "none"),
            C("status", "Subscriber status: subscribed, unsubscribed, cleaned.", "none"),
            C("subscribed_at", "When the address subscribed, ISO 8601.", "none"),
        ),
        record_kind="profile",
        timestamp="subscribed_at",
        retention_class="account_records",
        identifiers=(
            Id("esp_subscriber_id", "subscriber_id", "id"),
            Id("email", "email", "email"),
        ),
        person_attributes=("first_name",),
        contact_points=True,
    ),
    Export(
        "esp",
        "events",
        "Email sends, opens, clicks, unsubscribes and bounces.",
        "event_id",
        (
            C("event_id", "Email event identifier.", "none"),
            C("subscriber_id", "Subscriber the event belongs to.", "customer_key"),
            C("email", "Recipient email address.", "email"),
            C("campaign_id", "Campaign the email belonged to.", "none"),
            C("event_type", "send, open, click, unsubscribe or bounce.", "none"),
            C("occurred_at", "When the event happened, ISO 8601.", "none"),
        ),
        record_key="email_event_id",
        record_kind="event",
        timestamp="occurred_at",
        retention_class="behavioural_events",
        identifiers=(
            Id("esp_event_id", "email_event_id", "id", raw="event_id", links=False),
            Id("esp_subscriber_id", "subscriber_id", "id"),
            Id("email", "email", "email"),
        ),
    ),
    Export(
        "web",
        "events",
        "Web and app analytics events.",
        "event_id",
        (
            C("event_id", "Analytics event identifier.", "none"),
            C("anonymous_id", "First-party cookie or device identifier.", "online_id"),
            C("user_id", "Logged-in user id (the shop account id), empty when anonymous.", "customer_key"),
            C("session_id", "Analytics session identifier.", "online_id"),
            C(
                "event_type",
                "page_view, product_view, add_to_cart, checkout_started, purchase, login.",
                "none",
            ),
            C("page_path", "Path of the page.", "none"),
            C("utm_source", "Campaign source from the landing URL.", "none"),
            C("utm_medium", "Campaign medium from the landing URL.", "none"),
            C("utm_campaign", "Campaign name from the landing URL.", "none"),
            C(
                "email_subscriber_id",
                "Email platform subscriber id the email link's URL carried (link decoration), on the landing "
                "event of an email click-through; empty otherwise.",
                "customer_key",
            ),
            C("device_type", "desktop, mobile, tablet or app.", "none"),
            C("gpc_enabled", "Whether the browser sent a Global Privacy Control signal: true/false.", "none"),
            C("occurred_at", "When the event happened, ISO 8601.", "none"),
        ),
        record_key="web_event_id",
        record_kind="event",
        timestamp="occurred_at",
        retention_class="behavioural_events",
        identifiers=(
            Id("web_event_id", "web_event_id", "id", raw="event_id", links=False),
            Id("anonymous_id", "anonymous_id", "id"),
            Id("shop_customer_id", "user_id", "id"),
            Id("esp_subscriber_id", "email_subscriber_id", "id"),
        ),
        attributes=(
            Attr(
                "event_type",
                "code",
                codes=("page_view", "product_view", "add_to_cart", "checkout_started", "purchase", "login"),
            ),
            Attr("occurred_at", "timestamp"),
        ),
    ),
    Export(
        "ads",
        "clicks",
        "Advertising clicks with their cost.",
        "click_id",
        (
            C("click_id", "Advertising click identifier (gclid/fbclid-like).", "online_id"),
            C("anonymous_id", "First-party cookie id that landed from the click, when known.", "online_id"),
            C("platform", "Advertising platform: google, meta, other.", "none"),
            C("campaign_id", "Advertising campaign identifier.", "none"),
            C("currency", "ISO 4217 currency code of the cost.", "none"),
            C("cost_amount", "Cost of the click, decimal.", "none"),
            C(
                "used_third_party_cookies",
                "Whether targeting this click relied on third-party cookies: true/false.",
                "none",
            ),
            C("clicked_at", "When the click happened, ISO 8601.", "none"),
        ),
        record_kind="event",
        timestamp="clicked_at",
        retention_class="behavioural_events",
        identifiers=(
            Id("ad_click_id", "click_id", "id"),
            Id("anonymous_id", "anonymous_id", "id"),
        ),
    ),
    Export(
        "ads",
        "conversions",
        "Advertising conversions reported by the platforms.",
        "conversion_id",
        (
            C("conversion_id", "Conversion identifier.", "none"),
            C("click_id", "Click the conversion is attributed to, when known.", "online_id"),
            C("hashed_email", "Lower-case hex SHA-256 of the trimmed, lower-cased email.", "hashed_email"),
            C("currency", "ISO 4217 currency code of the conversion value.", "none"),
            C("conversion_value", "Conversion value, decimal.", "none"),
            C(
                "used_third_party_cookies",
                "Whether attribution relied on third-party cookies: true/false.",
                "none",
            ),
            C("converted_at", "When the conversion happened, ISO 8601.", "none"),
        ),
        record_kind="transaction",
        timestamp="converted_at",
        retention_class="behavioural_events",
        identifiers=(
            Id("ad_conversion_id", "conversion_id", "id", links=False),
            Id("ad_click_id", "click_id", "id"),
            Id("email_sha256", "hashed_email", "sha256", identity_type="hashed_email"),
        ),
    ),
    Export(
        "service",
        "tickets",
        "Customer service tickets.",
        "ticket_id",
        (
            C("ticket_id", "Ticket identifier.", "none"),
            C("email", "Email of the person who raised the ticket.", "email"),
            C("phone", "Phone the ticket came from (call-centre transfers share one).", "phone"),
            C("contact_channel", "email, phone, chat.", "none"),
            C("category", "Ticket category: delivery, returns, product, billing, account.", "none"),
            C("satisfaction_score", "Customer satisfaction 1-5, empty when not answered.", "none"),
            C("opened_at", "When the ticket was opened, ISO 8601.", "none"),
            C("closed_at", "When the ticket was closed, ISO 8601; empty while open.", "none"),
        ),
        record_kind="contact",
        timestamp="opened_at",
        retention_class="service_interactions",
        identifiers=(
            Id("service_ticket_id", "ticket_id", "id", links=False),
            Id("email", "email", "email"),
            Id("phone", "phone", "phone"),
        ),
        contact_points=True,
    ),
    Export(
        "pos",
        "loyalty_members",
        "In-store loyalty programme members.",
        "loyalty_id",
        (
            C("loyalty_id", "Loyalty card number.", "customer_key"),
            C("email", "Email given at enrolment.", "email"),
            C("phone", "Phone given at enrolment.", "phone"),
            C("first_name", "Given name at enrolment.", "name"),
            C("last_name", "Family name at enrolment.", "name"),
            C("postcode", "Postal code at enrolment.", "postcode"),
            C("enrolled_at", "When the member enrolled, ISO 8601.", "none"),
        ),
        record_kind="profile",
        timestamp="enrolled_at",
        retention_class="account_records",
        identifiers=(
            Id("loyalty_id", "loyalty_id", "id"),
            Id("email", "email", "email"),
            Id("phone", "phone", "phone"),
        ),
        person_attributes=("first_name", "last_name", "postcode"),
        contact_points=True,
    ),
    Export(
        "pos",
        "transactions",
        "Point-of-sale transactions, with the loyalty card when scanned.",
        "transaction_id",
        (
            C("transaction_id", "Transaction identifier.", "none"),
            C("loyalty_id", "Loyalty card scanned, empty when none.", "customer_key"),
            C("store_id", "Store identifier.", "none"),
            C("currency", "ISO 4217 currency code.", "none"),
            C("total_amount", "Basket total, decimal.", "none"),
            C("transacted_at", "When the transaction happened, ISO 8601.", "none"),
        ),
        record_kind="transaction",
        timestamp="transacted_at",
        retention_class="transactions",
        identifiers=(
            Id("pos_transaction_id", "transaction_id", "id", links=False),
            Id("loyalty_id", "loyalty_id", "id"),
        ),
    ),
    Export(
        "consent",
        "events",
        "Consent decisions from the consent management platform.",
        "consent_event_id",
        (
            C("consent_event_id", "Consent decision identifier.", "none"),
            C(
                "subject_type",
                "What identifies the subject: email, phone, anonymous_id, shop_customer_id.",
                "none",
            ),
            C("subject_value", "The identifier value of the subject (an email, phone or id).", "identifier"),
            C(
                "purpose",
                "email_marketing, sms_marketing, personalisation, analytics, targeted_advertising, "
                "partner_sharing.",
                "none",
            ),
            C("channel", "email, sms, web, ads, partner.", "none"),
            C("decision", "grant or withdraw.", "none"),
            C(
                "collection_point",
                "Where the decision was collected: web_banner, checkout, preference_centre, store.",
                "none",
            ),
            C("decided_at", "When the person decided (event time), ISO 8601.", "none"),
            C("recorded_at", "When the platform recorded the decision (load time), ISO 8601.", "none"),
        ),
        record_kind="event",
        timestamp="decided_at",
        retention_class="consent_records",
        identifiers=(
            Id("consent_event_id", "consent_event_id", "id", links=False),
            Id("", "subject_value", "subject", type_column="subject_type"),
        ),
        attributes=(
            Attr("subject_type", "code", codes=("email", "phone", "anonymous_id", "shop_customer_id")),
        ),
    ),
    Export(
        "privacy",
        "requests",
        "Data subject requests: erasure, access and opt-out.",
        "request_id",
        (
            C("request_id", "Request identifier.", "none"),
            C("request_type", "erasure, access or opt_out.", "none"),
            C("subject_email", "Email of the requester.", "email"),
            C("subject_phone", "Phone of the requester, when given.", "phone"),
            C("jurisdiction", "Law the request is made under: GDPR or CCPA.", "none"),
            C("received_at", "When the request was received, ISO 8601.", "none"),
        ),
        record_kind="contact",
        timestamp="received_at",
        retention_class="privacy_requests",
        identifiers=(
            Id("email", "subject_email", "email"),
            Id("phone", "subject_phone", "phone"),
        ),
        attributes=(
            Attr("request_id", "id"),
            Attr("request_type", "code", codes=("erasure", "access", "opt_out")),
        ),
    ),
)


def by_identifier() -> dict[str, Export]:
    return {e.identifier: e for e in EXPORTS}
