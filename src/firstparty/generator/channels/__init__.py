"""One module per channel (or group of exports a source system writes); each `build(chunk)` adds its
exports to `chunk.tables`. `BUILDERS` is the order they run in: it fixes the order of random draws,
so changing it changes every byte after the first channel moved."""

from __future__ import annotations

from firstparty.generator.channels import ads, consent, crm, esp, pos, privacy, service, shop, web

BUILDERS = (
    shop.build,
    crm.build,
    esp.build,
    ads.build,
    web.build,
    service.build,
    pos.build,
    consent.build,
    privacy.build,
)
