"""The web shop: `shop_customers` (accounts), `shop_orders` (BG/NBD-like repeat buying),
`shop_order_lines` and `shop_refunds`. Leaves `chunk.orders` and `chunk.account_email` for the ads
and web channels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from firstparty import _names as names
from firstparty import _synth as syn
from firstparty.generator import config as cfg
from firstparty.generator.context import CURRENCIES
from firstparty.generator.table import table

if TYPE_CHECKING:
    from firstparty.generator.chunk import Chunk


def build(ch: Chunk) -> None:
    P, rng = ch.P, ch.rng
    acc = np.flatnonzero(P.has_account)
    acc = acc[np.argsort(P.account_at[acc], kind="stable")]
    account_email = ch.pick_email(acc, work=cfg.ACCOUNT_WORK_EMAIL_RATE, family=0.0)
    head_family = P.household_head[acc] & (rng.random(len(acc)) < cfg.HEAD_FAMILY_ACCOUNT_RATE)
    account_email[head_family] = P.family_email[acc][head_family]
    ch.account_email = dict(zip(acc.tolist(), account_email.tolist(), strict=True))
    ch.tables["shop_customers"] = table(
        "shop_customers",
        acc,
        P.account_at[acc],
        shop_customer_id=P.shop_customer_id[acc],
        email=ch.email_noise(account_email),
        first_name=ch.missing(ch.first_names(acc), "shop_customers.first_name"),
        last_name=ch.missing(ch.last_names(acc), "shop_customers.last_name"),
        phone=ch.missing(ch.phones(acc), "shop_customers.phone"),
        country=ch.missing(ch.countries(acc), "shop_customers.country"),
        created_at=ch.ts(P.account_at[acc], acc),
    )
    o_person, o_time = _order_times(ch)
    _orders(ch, o_person, o_time)


def _order_times(ch: Chunk) -> tuple[np.ndarray, np.ndarray]:
    """Buyer and time of every order, in time order: BG/NBD-like repeat buying."""
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    b = np.flatnonzero(P.buyer)
    at_signup = rng.random(len(b)) < cfg.FIRST_ORDER_AT_SIGNUP_RATE
    after_signup = np.where(
        at_signup,
        rng.integers(*cfg.FIRST_ORDER_AT_SIGNUP_S, len(b)),
        rng.exponential(cfg.FIRST_ORDER_AFTER_SIGNUP_DAYS * syn.DAY, len(b)),
    )
    first_buy = np.where(
        P.has_account[b],
        P.account_at[b] + after_signup,
        P.t0[b] + rng.exponential(cfg.GUEST_FIRST_ORDER_DAYS * syn.DAY, len(b)),
    ).astype(np.int64)
    lam = rng.gamma(cfg.BGNBD_R, 1.0 / cfg.BGNBD_ALPHA, len(b)) / (365.25 * syn.DAY)  # purchases per second
    drop = rng.beta(cfg.BGNBD_A, cfg.BGNBD_B, len(b))
    buyers, times = [], []
    t = first_buy.copy()
    idx = np.flatnonzero(t <= ctx.t_end)
    for _ in range(cfg.MAX_ORDERS_PER_BUYER):
        if not len(idx):
            break
        buyers.append(idx)
        times.append(t[idx].copy())
        idx = idx[rng.random(len(idx)) >= drop[idx]]
        t[idx] += (rng.exponential(1.0, len(idx)) / lam[idx]).astype(np.int64) + cfg.REPEAT_ORDER_MIN_GAP_S
        idx = idx[t[idx] <= ctx.t_end]
    o_person = b[np.concatenate(buyers)] if buyers else np.zeros(0, dtype=np.int64)
    o_time = np.concatenate(times) if times else np.zeros(0, dtype=np.int64)
    o_time = np.maximum(o_time, P.t0[o_person])
    srt = np.argsort(o_time, kind="stable")
    return o_person[srt], o_time[srt]


def _orders(ch: Chunk, o_person: np.ndarray, o_time: np.ndarray) -> None:
    ctx, P, rng = ch.ctx, ch.P, ch.rng
    n_o = len(o_person)
    o_guest = ~P.has_account[o_person] | (rng.random(n_o) < cfg.GUEST_CHECKOUT_RATE)
    o_currency = P.currency[o_person].copy()
    other = rng.random(n_o) < cfg.FOREIGN_CURRENCY_ORDER_RATE
    o_currency[other] = rng.integers(0, len(CURRENCIES), int(other.sum()))

    # lines
    n_lines = ch.draw_values(cfg.LINES_PER_ORDER_SHARES, n_o)
    line_order = np.repeat(np.arange(n_o), n_lines)
    line_start = np.concatenate([[0], np.cumsum(n_lines)[:-1]]).astype(np.int64)
    line_no = np.arange(len(line_order)) - line_start[line_order] + 1
    sku = rng.choice(len(ctx.sku), len(line_order), p=ctx.sku_weights)
    qty = ch.draw_values(cfg.QUANTITY_SHARES, len(line_order))
    unit = ctx.price[o_currency[line_order], sku]
    line_total = qty * unit
    total = np.bincount(line_order, weights=line_total, minlength=n_o).astype(np.int64)

    order_id = ch.ids("order", "SO-{:08d}", n_o, base=100_001)
    age = ctx.t_end - o_time
    status = np.where(
        age < cfg.ORDER_PLACED_DAYS * syn.DAY,
        "placed",
        np.where(age < cfg.ORDER_SHIPPED_DAYS * syn.DAY, "shipped", "delivered"),
    ).astype(object)
    cancelled = rng.random(n_o) < cfg.ORDER_CANCELLED_RATE
    status[cancelled] = "cancelled"

    acct_mail = np.array([ch.account_email.get(p, "") for p in o_person.tolist()], dtype=object)
    family = cfg.FAMILY_EMAIL_USE_RATE * cfg.CHECKOUT_FAMILY_EMAIL_FACTOR
    checkout = ch.pick_email(o_person, work=cfg.CHECKOUT_WORK_EMAIL_RATE, family=family)
    use_acct = ~o_guest & (rng.random(n_o) < cfg.CHECKOUT_ACCOUNT_EMAIL_RATE)
    checkout[use_acct] = acct_mail[use_acct]
    ch.orders = dict(
        person=o_person,
        time=o_time,
        currency=o_currency,
        total=total,
        guest=o_guest,
        id=order_id,
        line_start=line_start,
        n_lines=n_lines,
        sku=sku,
    )
    ch.tables["shop_orders"] = table(
        "shop_orders",
        o_person,
        o_time,
        order_id=order_id,
        shop_customer_id=np.where(o_guest, "", P.shop_customer_id[o_person]).astype(object),
        checkout_email=ch.missing(ch.email_noise(checkout), "shop_orders.checkout_email"),
        currency=syn.objs(CURRENCIES)[o_currency],
        total_amount=syn.money(total),
        status=status,
        ordered_at=ch.ts(o_time, o_person),
    )
    line_ids = order_id[line_order] + "-" + syn.ints(line_no)
    ch.tables["shop_order_lines"] = table(
        "shop_order_lines",
        o_person[line_order],
        o_time[line_order] + line_no * 1e-3,
        order_line_id=line_ids,
        order_id=order_id[line_order],
        product_sku=ctx.sku[sku],
        product_category=ctx.sku_category[sku],
        quantity=syn.ints(qty),
        unit_price=syn.money(unit),
    )
    _refunds(ch, cancelled, line_total)


def _refunds(ch: Chunk, cancelled: np.ndarray, line_total: np.ndarray) -> None:
    """Whole orders (cancelled ones mostly) or one line of an order, refunded days later."""
    ctx, rng, o = ch.ctx, ch.rng, ch.orders
    o_person, o_time, o_currency, order_id = o["person"], o["time"], o["currency"], o["id"]
    total, line_start, n_lines = o["total"], o["line_start"], o["n_lines"]
    n_o = len(o_person)
    ref = np.flatnonzero(
        (rng.random(n_o) < cfg.REFUND_RATE) | (cancelled & (rng.random(n_o) < cfg.CANCELLED_REFUND_RATE))
    )
    lo, hi = cfg.REFUND_DELAY_DAYS
    r_time = o_time[ref] + rng.integers(lo * syn.DAY, hi * syn.DAY, len(ref))
    keep = r_time <= ctx.t_end
    ref, r_time = ref[keep], r_time[keep]
    full = cancelled[ref] | (rng.random(len(ref)) < cfg.FULL_REFUND_RATE)
    pick_line = line_start[ref] + (rng.random(len(ref)) * n_lines[ref]).astype(np.int64)
    halves = np.where(rng.random(len(ref)) < cfg.HALF_LINE_REFUND_RATE, 1, 2)
    partial = np.maximum(line_total[pick_line] // halves, 1)
    amount = np.where(full, total[ref], np.minimum(partial, total[ref]))
    srt = np.argsort(r_time, kind="stable")
    ref, r_time, amount = ref[srt], r_time[srt], amount[srt]
    reasons = syn.objs(names.REFUND_REASONS)[rng.integers(0, len(names.REFUND_REASONS), len(ref))]
    reasons[cancelled[ref]] = "cancelled"
    ch.tables["shop_refunds"] = table(
        "shop_refunds",
        o_person[ref],
        r_time,
        refund_id=ch.ids("refund", "RF-{:07d}", len(ref)),
        order_id=order_id[ref],
        currency=syn.objs(CURRENCIES)[o_currency[ref]],
        refund_amount=syn.money(amount),
        reason=reasons,
        refunded_at=ch.ts(r_time, o_person[ref]),
    )
