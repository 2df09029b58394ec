"""Websites that embed the widget: public site keys, allowed origins, colour, position, privacy link."""

from bot.sites.registry import (
    DEMO_KEY,
    SELF_ORIGIN,
    SiteError,
    create_site,
    ensure_demo_site,
    get_site,
    list_sites,
    normalise_origin,
    origin_allowed,
    public_options,
)

__all__ = ["DEMO_KEY", "SELF_ORIGIN", "SiteError", "create_site", "ensure_demo_site", "get_site",
           "list_sites", "normalise_origin", "origin_allowed", "public_options"]
