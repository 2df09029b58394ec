"""Email: replies in (parse, strip, classify, extract, match, store), drafts out, reactivation."""
