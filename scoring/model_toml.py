"""Write a model back as a complete, commented TOML file that `parse_model` reads again."""

from __future__ import annotations

import json

from scoring.model import KeywordTable, Model


def _list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _tiers(path: str, table: KeywordTable) -> list[str]:
    lines = [f"[{path}]", f"default_points = {table.default_points}", ""]
    for tier in table.tiers:
        lines += [f"[[{path}.tiers]]", f"name = {json.dumps(tier.name)}",
                  f"points = {tier.points}", f"keywords = {_list(tier.keywords)}", ""]
    return lines


def _head(model: Model) -> list[str]:
    return [
        "version = 1", "",
        "[bands]", f"hot = {model.hot}", f"warm = {model.warm}", "",
        "[stages]", f"mql = {model.mql}", f"sql = {model.sql}",
        f"sql_requires = {_list(model.sql_requires)}", "",
        "[decay]", f"half_life_days = {_num(model.half_life_days)}",
        f"reengagement_after_days = {_num(model.reengagement_after_days)}", "",
        "[reactivation]", f"engaged_weeks = {model.engaged_weeks}",
        f"some_weeks = {model.some_weeks}", f"quiet_weeks = {model.quiet_weeks}", "",
        "[caps]", *(f"{k} = {v}" for k, v in model.caps.items()), "",
    ]


def _fit(model: Model) -> list[str]:
    lines = ["[fit.industry]", f"points = {model.industry_points}",
             f"keywords = {_list(model.industry_keywords)}", ""]
    for band in model.company_size:
        lines += ["[[fit.company_size]]", f"min_employees = {band.min_employees}",
                  f"points = {band.points}", ""]
    lines += ["[fit.industry_and_size]", f"cap = {model.industry_size_cap}", ""]
    return lines + _tiers("fit.source", model.source) + _tiers("fit.role", model.role)


def _events(model: Model) -> list[str]:
    lines = []
    for name, rule in model.engagement.items():
        lines += [f"[engagement.{name}]", f"points = {rule.points}", f"cap = {rule.cap}"]
        if rule.quantity:
            lines.append(f"quantity = {json.dumps(rule.quantity)}")
        if rule.per != 1.0 or rule.quantity:
            lines.append(f"per = {_num(rule.per)}")
        lines.append("")
    for name, neg in model.negatives.items():
        lines += [f"[negatives.{name}]", f"points = {neg.points}",
                  f"min_count = {neg.min_count}", ""]
    return lines


def _form_and_bant(model: Model) -> list[str]:
    form, bant = model.form, model.bant
    return [
        "[form_quality]", f"disposable_email = {form.disposable_email}",
        f"invalid_email = {form.invalid_email}", f"placeholder_name = {form.placeholder_name}",
        f"invalid_phone = {form.invalid_phone}", f"missing_field = {form.missing_field}",
        f"required = {_list(form.required)}", f"cap = {form.cap}",
        f"phone_region = {json.dumps(form.phone_region)}",
        f"placeholder_names = {_list(sorted(form.placeholder_names))}", "",
        "[bant]", *(f"{k} = {getattr(bant, k)}" for k in bant.__dataclass_fields__), "",
    ]


def dump_model(model: Model, comment: str = "") -> str:
    """The model as TOML text (optionally headed by a comment block)."""
    head = [f"# {line}".rstrip() for line in comment.splitlines()] + [""] if comment else []
    body = _head(model) + _fit(model) + _events(model) + _form_and_bant(model)
    return "\n".join(head + body).rstrip() + "\n"
