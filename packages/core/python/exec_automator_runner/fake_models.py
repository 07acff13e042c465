"""Recorded-response chat models that stand in for real LLM providers.

When ``invoke`` gets ``fake_models`` the workflow must run without network and
without API keys, yet unchanged: it still does ``from langchain_anthropic import
ChatAnthropic``.  So before the workflow is imported, the provider entry points
are replaced by fake classes that answer from ONE shared queue of recorded
responses, and restored afterwards so later real runs are unaffected.

Patching happens in three ways, because modules bind these names at different
times:

* provider modules that are already imported are patched immediately;
* provider modules imported later (typically by the workflow itself) are
  patched right after their import finishes, via a ``sys.meta_path`` hook, so
  providers the workflow never uses are never imported;
* any other already-imported module holding a reference to an original (e.g.
  ``langchain.agents.factory.init_chat_model``) is patched by a sweep, and the
  same sweep runs in reverse on restore so nothing keeps a stale fake.

The fakes answer sync and async calls (``invoke``/``ainvoke``/``stream``/
``astream``, ``bind_tools``, ``with_structured_output``); recorded tool calls
are returned as such, so a real ``ToolNode`` then runs the real tools.  With a
``default_response`` an exhausted queue answers with that text instead of
raising ResponsesExhausted (smoke runs of graphs without recorded cases).

``ModelCensus`` reuses the patching machinery for ``inspect``: it records the
chat models a load constructs, without faking them.

LangChain is imported lazily; importing this module is stdlib-only.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.abc
import itertools
import json
import sys
import threading
import types
from collections.abc import Callable, Iterable
from typing import Any

# provider package (top-level import that triggers patching) ->
#   [(module, attribute, kind)]; kind selects the fake's default model name
PATCH_TARGETS: dict[str, list[tuple[str, str, str]]] = {
    "langchain_anthropic": [
        ("langchain_anthropic", "ChatAnthropic", "anthropic"),
        ("langchain_anthropic.chat_models", "ChatAnthropic", "anthropic"),
    ],
    "langchain_openai": [
        ("langchain_openai", "ChatOpenAI", "openai"),
        ("langchain_openai", "AzureChatOpenAI", "azure"),
        ("langchain_openai.chat_models", "ChatOpenAI", "openai"),
        ("langchain_openai.chat_models", "AzureChatOpenAI", "azure"),
        ("langchain_openai.chat_models.base", "ChatOpenAI", "openai"),
        ("langchain_openai.chat_models.azure", "AzureChatOpenAI", "azure"),
    ],
    "langchain.chat_models": [
        ("langchain.chat_models", "init_chat_model", "init"),
        ("langchain.chat_models.base", "init_chat_model", "init"),
    ],
    # other providers' chat classes (patched only if the workflow imports them)
    "langchain_google_genai": [("langchain_google_genai", "ChatGoogleGenerativeAI", "google")],
    "langchain_google_vertexai": [("langchain_google_vertexai", "ChatVertexAI", "google")],
    "langchain_aws": [
        ("langchain_aws", "ChatBedrock", "bedrock"),
        ("langchain_aws", "ChatBedrockConverse", "bedrock"),
    ],
    "langchain_mistralai": [("langchain_mistralai", "ChatMistralAI", "mistral")],
    "langchain_groq": [("langchain_groq", "ChatGroq", "groq")],
    "langchain_ollama": [("langchain_ollama", "ChatOllama", "ollama")],
    "langchain_fireworks": [("langchain_fireworks", "ChatFireworks", "fireworks")],
    "langchain_deepseek": [("langchain_deepseek", "ChatDeepSeek", "deepseek")],
    "langchain_xai": [("langchain_xai", "ChatXAI", "xai")],
    "langchain_cohere": [("langchain_cohere", "ChatCohere", "cohere")],
}
# Where ``init_chat_model`` lives (wrapped by ModelCensus during inspect loads).
INIT_CHAT_MODEL_TARGETS: dict[str, list[tuple[str, str, str]]] = {
    "langchain.chat_models": PATCH_TARGETS["langchain.chat_models"],
}
DEFAULT_MODEL_NAMES = {
    "anthropic": "claude",
    "openai": "gpt-4o",
    "azure": "azure-openai",
    "init": "fake-chat-model",
    "google": "gemini",
    "bedrock": "bedrock",
    "mistral": "mistral",
    "groq": "groq",
    "ollama": "ollama",
    "fireworks": "fireworks",
    "deepseek": "deepseek-chat",
    "xai": "grok",
    "cohere": "command",
}
_MODEL_NAME_KWARGS = ("model", "model_name", "azure_deployment", "deployment_name", "model_id")


class ResponsesExhausted(Exception):
    """The workflow asked the fake models for more responses than were recorded."""

    code = "RESPONSES_EXHAUSTED"


# --------------------------------------------------------------------------
# the shared response queue
# --------------------------------------------------------------------------


def validate_fake_models(spec: Any) -> tuple[list[Any], str | None]:
    """The whole ``fake_models`` param: ``(responses, default_response or None)``."""
    responses = validate_responses(spec)
    default = spec.get("default_response")
    if default is not None and not isinstance(default, str):
        raise ValueError("fake_models.default_response must be a string")
    return responses, default


def validate_responses(spec: Any) -> list[Any]:
    """Check the ``fake_models`` param shape; returns the response list."""
    if not isinstance(spec, dict) or not isinstance(spec.get("responses"), list):
        raise ValueError('fake_models must be an object like {"responses": [...]}')
    for index, item in enumerate(spec["responses"]):
        if isinstance(item, str):
            continue
        if not isinstance(item, dict):
            raise ValueError(f"fake_models.responses[{index}] must be a string or an object")
        if "tool_calls" in item and not isinstance(item["tool_calls"], list):
            raise ValueError(f"fake_models.responses[{index}].tool_calls must be a list")
        if "usage" in item and item["usage"] is not None and not isinstance(item["usage"], dict):
            raise ValueError(f"fake_models.responses[{index}].usage must be an object")
    return list(spec["responses"])


class FakeSession:
    """One queue of recorded responses shared by every fake model instance."""

    def __init__(self, responses: list[Any], default_response: str | None = None) -> None:
        self.responses = list(responses)
        # answered (plain text, no tool calls) once the queue is empty, instead of raising
        self.default_response = default_response
        self.calls: list[dict[str, Any]] = []
        self._next = 0
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def next_message(self, model: str, node: str | None) -> Any:
        """Pop the next response as an AIMessage and record the call."""
        from langchain_core.messages import AIMessage

        with self._lock:
            number = self._next + 1
            if self._next < len(self.responses):
                raw = self.responses[self._next]
            elif self.default_response is not None:
                raw = self.default_response
            else:
                raise ResponsesExhausted(
                    f"workflow made model call #{number} but only "
                    f"{len(self.responses)} recorded responses were given"
                )
            self._next += 1
        content, tool_calls, usage = self._unpack(raw)
        kwargs: dict[str, Any] = {"content": content, "response_metadata": {"model_name": model}}
        if tool_calls:
            kwargs["tool_calls"] = tool_calls
        if usage is not None:
            kwargs["usage_metadata"] = usage
        message = AIMessage(**kwargs)
        with self._lock:
            self.calls.append(
                {
                    "model": model,
                    "node": node,
                    # 0 when the recorded response has no usage (the TS type is a number)
                    "input_tokens": usage["input_tokens"] if usage else 0,
                    "output_tokens": usage["output_tokens"] if usage else 0,
                }
            )
        return message

    def _unpack(self, raw: Any) -> tuple[Any, list[dict[str, Any]], dict[str, int] | None]:
        if isinstance(raw, str):
            return raw, [], None
        content = raw.get("content", "")
        if not isinstance(content, (str, list)):
            content = json.dumps(content)
        tool_calls = []
        for call in raw.get("tool_calls") or []:
            tool_calls.append(
                {
                    "name": str(call.get("name", "")),
                    "args": call.get("args") or {},
                    "id": call.get("id") or f"call_fake_{next(self._ids)}",
                    "type": "tool_call",
                }
            )
        usage = None
        if raw.get("usage"):
            inp = int(raw["usage"].get("input_tokens", 0) or 0)
            out = int(raw["usage"].get("output_tokens", 0) or 0)
            usage = {"input_tokens": inp, "output_tokens": out, "total_tokens": inp + out}
        return content, tool_calls, usage


_ACTIVE: FakeSession | None = None


def active_session() -> FakeSession:
    if _ACTIVE is None:
        raise RuntimeError(
            "exec-automator fake chat model used outside of an invoke with fake_models "
            "(was a model object kept from an earlier run?)"
        )
    return _ACTIVE


# --------------------------------------------------------------------------
# fake model classes (built lazily: they need langchain_core)
# --------------------------------------------------------------------------

_FAKE_CLASSES: dict[str, type] = {}


def _current_node(run_manager: Any) -> str | None:
    """The LangGraph node making the call, from callback metadata or get_config()."""
    for attr in ("metadata", "inheritable_metadata"):
        metadata = getattr(run_manager, attr, None) or {}
        if metadata.get("langgraph_node"):
            return metadata["langgraph_node"]
    try:
        from langgraph.config import get_config

        return (get_config().get("metadata") or {}).get("langgraph_node")
    except Exception:  # noqa: BLE001 - outside a graph run there is no config
        return None


def _model_name(kind: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    for key in _MODEL_NAME_KWARGS:
        if isinstance(kwargs.get(key), str) and kwargs[key]:
            return kwargs[key]
    if args and isinstance(args[0], str):
        return args[0]
    return DEFAULT_MODEL_NAMES.get(kind, "fake-chat-model")


def fake_class(kind: str, class_name: str = "FakeChatModel") -> type:
    """A BaseChatModel subclass that answers from the active FakeSession."""
    key = f"{kind}:{class_name}"
    if key in _FAKE_CLASSES:
        return _FAKE_CLASSES[key]
    from langchain_core.language_models.chat_models import BaseChatModel
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

    class FakeChatModel(BaseChatModel):
        """Accepts any provider kwargs, remembers only the model name."""

        model: str = "fake-chat-model"
        provider: str = "fake"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(model=_model_name(kind, args, kwargs), provider=kind)

        @property
        def model_name(self) -> str:
            return self.model

        @property
        def _llm_type(self) -> str:
            return "exec-automator-fake"

        def _get_ls_params(self, stop: Any = None, **kwargs: Any) -> Any:
            params = super()._get_ls_params(stop=stop, **kwargs)
            params["ls_provider"] = self.provider
            params["ls_model_name"] = self.model
            return params

        def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
            message = active_session().next_message(self.model, _current_node(run_manager))
            return ChatResult(generations=[ChatGeneration(message=message)])

        async def _agenerate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
            # answered on the loop itself: no executor hop for a queue pop
            return self._generate(messages, stop=stop, run_manager=run_manager, **kwargs)

        def _stream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
            """The whole recorded response as one AIMessageChunk (text, tool calls, usage);
            LangChain reports it to ``on_llm_new_token`` handlers itself."""
            message = active_session().next_message(self.model, _current_node(run_manager))
            yield ChatGenerationChunk(message=_as_chunk(message))

        async def _astream(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
            message = active_session().next_message(self.model, _current_node(run_manager))
            yield ChatGenerationChunk(message=_as_chunk(message))

        def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
            """Tools are irrelevant: tool calls come from the recorded responses."""
            return self

        def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kwargs: Any) -> Any:
            return _structured(self, schema, include_raw)

    FakeChatModel.__name__ = FakeChatModel.__qualname__ = class_name
    _FAKE_CLASSES[key] = FakeChatModel
    return FakeChatModel


def _as_chunk(message: Any) -> Any:
    from langchain_core.messages import AIMessageChunk
    from langchain_core.messages.tool import tool_call_chunk

    return AIMessageChunk(
        content=message.content,
        id=message.id,
        response_metadata=message.response_metadata,
        usage_metadata=message.usage_metadata,
        tool_call_chunks=[
            tool_call_chunk(name=c["name"], args=json.dumps(c["args"]), id=c["id"], index=i)
            for i, c in enumerate(message.tool_calls)
        ],
    )


def _structured(model: Any, schema: Any, include_raw: bool) -> Any:
    """Structured output from a recorded response: its first tool call's args,
    else its content parsed as JSON; validated into ``schema`` if it is pydantic."""
    from langchain_core.runnables import RunnableLambda

    def parse(message: Any) -> Any:
        if getattr(message, "tool_calls", None):
            data = message.tool_calls[0]["args"]
        else:
            try:
                data = json.loads(message.content)
            except (TypeError, ValueError) as exc:
                raise NotImplementedError(
                    "fake_models: with_structured_output needs a recorded response whose content is "
                    "JSON or that has a tool call carrying the structured arguments"
                ) from exc
        validate = getattr(schema, "model_validate", None)
        return validate(data) if callable(validate) else data

    def run(message: Any) -> Any:
        if not include_raw:
            return parse(message)
        try:
            return {"raw": message, "parsed": parse(message), "parsing_error": None}
        except Exception as exc:  # noqa: BLE001
            return {"raw": message, "parsed": None, "parsing_error": exc}

    return model | RunnableLambda(run)


def fake_init_chat_model(
    model: str | None = None,
    *,
    model_provider: str | None = None,
    configurable_fields: Any = None,
    config_prefix: str | None = None,
    **kwargs: Any,
) -> Any:
    """Stand-in for ``langchain.chat_models.init_chat_model`` ("provider:model" ok)."""
    name = model
    if isinstance(name, str) and ":" in name and not model_provider:
        name = name.split(":", 1)[1]
    return fake_class("init")(model=name or DEFAULT_MODEL_NAMES["init"], **kwargs)


# --------------------------------------------------------------------------
# patching
# --------------------------------------------------------------------------


_FINDING = threading.local()


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Runs a callback right after one of the watched modules finishes importing."""

    def __init__(self, names: Iterable[str], callback: Callable[[str], None]) -> None:
        self.names = set(names)
        self.callback = callback

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.names:
            return None
        # Two watchers (the fake patcher and the model census) delegate to each other: each
        # answers None while it is already looking the same name up, so the chain ends.
        active = _FINDING.__dict__.setdefault("keys", set())
        key = (id(self), fullname)
        if key in active:
            return None
        active.add(key)
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(fullname, path, target)
                if spec is not None:
                    break
            else:
                return None
        finally:
            active.discard(key)
        loader = spec.loader
        original_exec = getattr(loader, "exec_module", None)
        if original_exec is None:
            return spec
        callback = self.callback

        def exec_module(module: types.ModuleType) -> None:
            original_exec(module)
            callback(fullname)

        loader.exec_module = exec_module  # type: ignore[union-attr]
        return spec


class ModelPatcher:
    """Installs the fakes for one invoke and undoes everything afterwards.

    ``targets`` / ``replacement`` generalise it: ModelCensus uses the same
    machinery to wrap ``init_chat_model`` with a recorder instead of a fake.
    """

    def __init__(
        self,
        targets: dict[str, list[tuple[str, str, str]]] | None = None,
        replacement: Callable[[str, Any], Any] | None = None,
        sweep_prefixes: tuple[str, ...] | None = None,
    ) -> None:
        self.targets = PATCH_TARGETS if targets is None else targets
        self.replacement = replacement or self._fake_for
        # None: sweep every loaded module; else only modules whose name starts with one of these
        self.sweep_prefixes = sweep_prefixes
        self.pairs: dict[int, tuple[Any, Any]] = {}  # id(original) -> (original, fake)
        self.patched: list[tuple[types.ModuleType, str, Any]] = []
        self.hook: _PatchAfterImport | None = None

    @staticmethod
    def _fake_for(kind: str, original: Any) -> Any:
        if kind == "init":
            return fake_init_chat_model
        return fake_class(kind, getattr(original, "__name__", "FakeChatModel"))

    def patch_package(self, package: str) -> None:
        """Patch every target of an (already imported) provider package."""
        fakes = {id(fake) for _, fake in self.pairs.values()}
        for module_name, attr, kind in self.targets[package]:
            module = sys.modules.get(module_name)
            if module is None or not hasattr(module, attr):
                continue
            current = getattr(module, attr)
            if id(current) in fakes:
                continue
            pair = self.pairs.setdefault(id(current), (current, self.replacement(kind, current)))
            self.patched.append((module, attr, current))
            setattr(module, attr, pair[1])
        self._sweep(self.pairs, self.sweep_prefixes)

    def install(self) -> None:
        for package in self.targets:
            if package in sys.modules:
                self.patch_package(package)
        pending = [p for p in self.targets if p not in sys.modules]
        self.hook = _PatchAfterImport(pending, self.patch_package)
        sys.meta_path.insert(0, self.hook)

    def restore(self) -> None:
        if self.hook is not None:
            with contextlib.suppress(ValueError):
                sys.meta_path.remove(self.hook)
        for module, attr, original in reversed(self.patched):
            setattr(module, attr, original)
        self._sweep({id(fake): (fake, original) for original, fake in self.pairs.values()}, self.sweep_prefixes)

    @staticmethod
    def _sweep(mapping: dict[int, tuple[Any, Any]], prefixes: tuple[str, ...] | None = None) -> None:
        """In every loaded module, replace attributes that are a mapping key (by identity)."""
        if not mapping:
            return
        own = __name__.rpartition(".")[0] or __name__
        for name, module in list(sys.modules.items()):
            if prefixes is not None and not name.startswith(prefixes):
                continue
            if not isinstance(module, types.ModuleType) or name.startswith(own):
                continue
            namespace = getattr(module, "__dict__", None)
            if not isinstance(namespace, dict):
                continue
            for attr, value in list(namespace.items()):
                entry = mapping.get(id(value))
                if entry is not None and entry[0] is value:
                    namespace[attr] = entry[1]


class fake_models_session:
    """Context manager: activate a FakeSession and patch providers for its duration."""

    def __init__(self, responses: list[Any], default_response: str | None = None) -> None:
        self.session = FakeSession(responses, default_response)
        self.patcher = ModelPatcher()

    def __enter__(self) -> FakeSession:
        global _ACTIVE
        _ACTIVE = self.session
        self.patcher.install()
        return self.session

    def __exit__(self, et: Any, ev: Any, tb: Any) -> None:
        global _ACTIVE
        try:
            self.patcher.restore()
        finally:
            _ACTIVE = None


# --------------------------------------------------------------------------
# model census (inspect): which chat models does loading the graph construct?
# --------------------------------------------------------------------------

# ``provider:`` prefixes init_chat_model understands (used when langchain's own list is unavailable)
KNOWN_PROVIDERS = frozenset(
    {
        "anthropic", "openai", "azure_openai", "azure_ai", "google_vertexai", "google_genai",
        "google_anthropic_vertex", "bedrock", "bedrock_converse", "cohere", "fireworks", "together",
        "mistralai", "huggingface", "groq", "ollama", "deepseek", "xai", "perplexity", "ibm",
        "nvidia", "upstage", "openrouter", "litellm",
    }
)


def known_providers() -> frozenset[str]:
    try:
        from langchain.chat_models.base import _BUILTIN_PROVIDERS  # type: ignore[attr-defined]

        return KNOWN_PROVIDERS | frozenset(_BUILTIN_PROVIDERS)
    except Exception:  # noqa: BLE001 - langchain missing or renamed
        return KNOWN_PROVIDERS


def split_model_string(text: str, separators: str = ":") -> tuple[str, str | None]:
    """``"anthropic:claude-x"`` -> ``("claude-x", "anthropic")``; no known provider prefix -> ``(text, None)``."""
    for sep in separators:
        head, found, tail = text.partition(sep)
        if found and tail and head.lower() in known_providers():
            return tail, head
    return text, None


def _instance_identity(model: Any) -> tuple[str | None, str | None]:
    """``(model name, provider)`` of a chat model instance, from its LangSmith params."""
    name = provider = None
    with contextlib.suppress(Exception):
        params = model._get_ls_params()
        name, provider = params.get("ls_model_name"), params.get("ls_provider")
    if not name:
        for attr in ("model_name", "model", "model_id", "deployment_name"):
            value = getattr(model, attr, None)
            if isinstance(value, str) and value:
                name = value
                break
    return (name if isinstance(name, str) else None), (provider if isinstance(provider, str) else None)


class ModelCensus:
    """Context manager recording chat models constructed while it is active.

    Wraps ``init_chat_model`` (via ``ModelPatcher``, including references
    other modules already hold) and ``BaseChatModel.__init__`` (models built
    from provider classes); both are restored on exit.  Nothing is faked: the
    real models are still constructed.  ``models`` is a list of
    ``{"name", "provider", "via"}`` with ``via`` "init_chat_model" or "class".
    """

    def __init__(self) -> None:
        self.models: list[dict[str, Any]] = []
        self._depth = 0
        self._base: Any = None
        self._own_init: Any = None
        self._patcher: ModelPatcher | None = None

    def record(self, name: str | None, provider: str | None, via: str) -> None:
        entry = {"name": name, "provider": provider, "via": via}
        if name and entry not in self.models:
            self.models.append(entry)

    def _wrap_init_chat_model(self, kind: str, original: Any) -> Any:
        census = self

        @functools.wraps(original)
        def init_chat_model(model: Any = None, *args: Any, **kwargs: Any) -> Any:
            census._depth += 1
            try:
                result = original(model, *args, **kwargs)
            finally:
                census._depth -= 1
            with contextlib.suppress(Exception):
                provider = kwargs.get("model_provider")
                name = model if isinstance(model, str) else None
                if name and not provider:
                    name, provider = split_model_string(name)
                inferred_name, inferred_provider = _instance_identity(result)
                census.record(name or inferred_name, provider or inferred_provider, "init_chat_model")
            return result

        return init_chat_model

    def __enter__(self) -> ModelCensus:
        try:
            from langchain_core.language_models.chat_models import BaseChatModel
        except ImportError:
            return self
        self._base = BaseChatModel
        self._own_init = BaseChatModel.__dict__.get("__init__")
        original = BaseChatModel.__init__
        census = self

        @functools.wraps(original)
        def __init__(model_self: Any, *args: Any, **kwargs: Any) -> None:
            original(model_self, *args, **kwargs)
            if census._depth == 0:
                with contextlib.suppress(Exception):
                    census.record(*_instance_identity(model_self), "class")

        BaseChatModel.__init__ = __init__  # type: ignore[method-assign]
        # Only langchain.agents.* is swept (create_agent and its middleware bind init_chat_model at
        # import; langgraph.prebuilt imports it when called): a full sweep costs ~50 ms in a worker
        # with thousands of modules, the workflow's own modules are imported afresh after this, and
        # a model built through a reference the sweep missed is still seen by the class hook
        # (reported with via "class").
        self._patcher = ModelPatcher(INIT_CHAT_MODEL_TARGETS, self._wrap_init_chat_model, ("langchain.agents",))
        self._patcher.install()
        return self

    def __exit__(self, et: Any, ev: Any, tb: Any) -> None:
        try:
            if self._patcher is not None:
                self._patcher.restore()
        finally:
            if self._base is not None:
                if self._own_init is not None:
                    self._base.__init__ = self._own_init
                else:
                    with contextlib.suppress(AttributeError):
                        del self._base.__init__
