"""Provider configuration: which engine runs, and how each provider's client is set up."""

from __future__ import annotations

import pytest
from langchain_openai import AzureChatOpenAI, ChatOpenAI

from bot.conversation.templates import TemplateResponder
from bot.llm.client import build_chat_model, describe_engine, make_responder, resolve_provider
from bot.settings import SettingsError
from tests.llm.fakes import settings

NO_LLM = {"llm_base_url": None, "llm_api_key": None, "azure_endpoint": None}


def test_without_key_or_base_url_the_deterministic_engine_runs() -> None:
    fallback = TemplateResponder()
    configured = settings(**NO_LLM)
    assert make_responder(configured, fallback) is fallback
    assert describe_engine(configured).startswith("deterministic engine")


def test_a_base_url_selects_an_openai_compatible_server() -> None:
    configured = settings(llm_base_url="http://127.0.0.1:8080/v1", llm_model="smollm2",
                          llm_api_key=None, azure_endpoint=None, llm_timeout=12,
                          llm_max_tokens=200, llm_temperature=0.1)
    model = build_chat_model(configured)
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:8080/v1"
    assert (model.model_name, model.request_timeout, model.max_tokens) == ("smollm2", 12, 200)
    assert model.max_retries == 0  # our retries, logged one by one
    assert model.extra_body == {"max_tokens": 200}  # local servers read only max_tokens
    assert make_responder(configured, TemplateResponder()).name == "llm"
    line = describe_engine(configured)
    assert "openai_compatible" in line and "smollm2" in line and "127.0.0.1:8080" in line


def test_an_openai_key_from_the_environment_selects_openai(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    configured = settings(llm_base_url=None, azure_endpoint=None)
    assert resolve_provider(configured) == "openai"
    model = build_chat_model(configured)
    assert isinstance(model, ChatOpenAI) and model.extra_body is None
    assert "sk-test" not in describe_engine(configured)


def test_azure_is_selected_by_its_endpoint() -> None:
    configured = settings(azure_endpoint="https://example-resource.openai.azure.com",
                          azure_api_key="azure-test-key", llm_model="gpt-4o-mini-deploy",
                          llm_base_url=None)
    model = build_chat_model(configured)
    assert isinstance(model, AzureChatOpenAI)
    assert model.deployment_name == "gpt-4o-mini-deploy"
    assert model.openai_api_version == configured.llm_api_version


def test_an_explicit_provider_without_its_setting_says_what_to_set() -> None:
    with pytest.raises(SettingsError, match="SETTER_LLM_BASE_URL"):
        resolve_provider(settings(llm_provider="openai_compatible", **NO_LLM))


def test_openai_gets_a_strict_forced_tool_call_for_the_reply_schema() -> None:
    configured = settings(llm_api_key="sk-test-not-a-real-key", llm_base_url=None,
                          azure_endpoint=None)
    llm = make_responder(configured, TemplateResponder())
    tools = llm.structured.kwargs["tools"]
    assert [t["function"]["name"] for t in tools] == ["TurnReply"]
    assert tools[0]["function"]["strict"] is True
    assert llm.structured.kwargs["tool_choice"]["function"]["name"] == "TurnReply"


def test_only_bot_llm_imports_openai_or_langchain() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for package in ("bot", "prompts", "scoring", "web"):
        for path in (root / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                if any(n.split(".")[0] in ("openai", "langchain", "langchain_core",
                                           "langchain_openai") for n in names):
                    offenders.append(str(path.relative_to(root)))
    assert sorted(set(offenders)) == ["bot/llm/client.py"]
