"""workflow-resp_005-board-coordination: prepare and distribute a board meeting packet.

Vote items trigger a quorum check (votes deferred without quorum); the model drafts agenda and pre-read;
the chair approves (human-in-the-loop `chair_approval`); the packet is recorded as distributed."""

import operator
import uuid
from datetime import date, datetime, timezone
from typing import Annotated

from langchain_anthropic import ChatAnthropic
from langchain_core.messages import HumanMessage, SystemMessage
from langgraph.graph import END, StateGraph
from langgraph.types import interrupt
from typing_extensions import TypedDict

MODEL_NAME = "claude-sonnet-4-5"
TEMPERATURE = 0.2
MAX_TOKENS = 2048
MAX_REVISIONS = 2
ITEM_TYPES = ("report", "discussion", "vote")
SYSTEM_PROMPT = (
    "You are the Board Coordination Assistant for a nonprofit association, working on behalf of the executive "
    "director. You prepare board meeting agendas and neutral, factual pre-read summaries. Follow the association's "
    "bylaws: motions requiring a vote may only be acted on when quorum is confirmed. Never invent facts, figures "
    "or decisions; the board chair approves every packet before it is distributed."
)


def add_usage(left: dict | None, right: dict | None) -> dict:
    """Reducer: sum token counts reported by each model call."""
    left, right = left or {}, right or {}
    return {k: left.get(k, 0) + right.get(k, 0) for k in {*left, *right}}


class State(TypedDict, total=False):
    meeting_title: str  # input
    meeting_date: str  # input, ISO date
    board_members: list[dict]  # input: [{"name", "email", "rsvp": "yes" | "no" | "pending"}]
    agenda_items: list[dict]  # input: [{"title", "type", "presenter", "minutes", "details"}]
    quorum_required: int  # input, optional (default: simple majority of the board)
    items: list[dict]  # normalized agenda items
    quorum: dict  # {"required", "confirmed", "met"}
    agenda: dict  # {"text", "version"}
    pre_read_summary: str
    review: dict  # {"approved": bool, "edits": str}
    revision_count: int
    status: str  # collected | awaiting_approval | distributed | failed | on_hold
    distribution: dict
    hold_reason: str  # drafting_failed | chair_rejected
    errors: Annotated[list[str], operator.add]
    token_usage: Annotated[dict, add_usage]


def get_model() -> ChatAnthropic:
    """Create the model lazily so importing this module needs no API key."""
    return ChatAnthropic(model=MODEL_NAME, temperature=TEMPERATURE, max_tokens=MAX_TOKENS)


def call_model(task: str) -> tuple[str, dict]:
    """Run one model call; return (reply text, token usage)."""
    response = get_model().invoke([SystemMessage(content=SYSTEM_PROMPT), HumanMessage(content=task)])
    content = response.content
    if isinstance(content, list):  # Anthropic may return content blocks
        content = "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    usage = response.usage_metadata or {}
    return str(content).strip(), {k: usage.get(k, 0) for k in ("input_tokens", "output_tokens")}


def describe_items(items: list[dict]) -> str:
    return "\n".join(f"{i['number']}. [{i['type']}{', DEFERRED: no quorum' if i.get('deferred') else ''}] "
                     f"{i['title']} ({i['presenter']}, {i['minutes']} min) {i['details']}".rstrip()
                     for i in items)


def collect_agenda_items(state: State) -> dict:
    for field in ("meeting_title", "meeting_date", "agenda_items", "board_members"):
        if not state.get(field) or not str(state[field]).strip():
            raise ValueError(f"missing required input field '{field}'")
    try:
        date.fromisoformat(state["meeting_date"])
    except ValueError:
        raise ValueError(f"meeting_date must be an ISO date (YYYY-MM-DD), got {state['meeting_date']!r}") from None
    if any(not m.get("email") for m in state["board_members"]):
        raise ValueError("every entry in board_members needs an 'email'")
    items = []
    for n, raw in enumerate(state["agenda_items"], start=1):
        raw = {"title": raw} if isinstance(raw, str) else raw  # a bare string is a discussion item
        if not str(raw.get("title") or "").strip() or raw.get("type", "discussion") not in ITEM_TYPES:
            raise ValueError(f"agenda item {n} needs a 'title' and a type in {ITEM_TYPES}: {raw!r}")
        items.append({"number": n, "title": raw["title"].strip(), "type": raw.get("type", "discussion"),
                      "presenter": raw.get("presenter", "Executive Director"),
                      "minutes": int(raw.get("minutes", 10)), "details": raw.get("details", "")})
    return {"items": items, "status": "collected", "revision_count": 0}


def check_quorum(state: State) -> dict:
    quorum, errors = {"met": False}, []
    try:
        required = state.get("quorum_required") or len(state["board_members"]) // 2 + 1
        confirmed = sum(1 for m in state["board_members"] if m.get("rsvp") == "yes")
        quorum = {"required": required, "confirmed": confirmed, "met": confirmed >= required}
    except Exception as exc:  # be conservative: without a quorum count, votes are deferred
        errors = [f"check_quorum: {exc!r}"]
    items = [{**i, "deferred": i["type"] == "vote" and not quorum["met"]} for i in state["items"]]
    return {"quorum": quorum, "items": items, "errors": errors}


def draft_agenda(state: State) -> dict:
    redraft = bool(state.get("review"))  # a review exists only after the chair sent it back
    count = state.get("revision_count", 0) + (1 if redraft else 0)
    try:
        reply, usage = call_model(
            f"Draft the agenda for '{state['meeting_title']}' on {state['meeting_date']}: call to "
            "order, approval of prior minutes, the items below in order with presenters and time, "
            "adjournment. Mark deferred votes as discussion only.\n\n" + describe_items(state["items"])
            + (f"\n\nThe board chair asked for these changes: {state['review']['edits']}" if redraft else ""))
        agenda = {"text": reply, "version": count + 1}
        return {"agenda": agenda, "revision_count": count, "token_usage": usage}
    except Exception as exc:
        return {"status": "failed", "revision_count": count, "errors": [f"draft_agenda: {exc!r}"]}


def write_pre_read(state: State) -> dict:
    try:
        reply, usage = call_model(
            "Write a one-page pre-read summary for board members: for each item, the context "
            "and the decision (if any) being asked of the board.\n\n" + describe_items(state["items"]))
        return {"pre_read_summary": reply, "token_usage": usage, "status": "awaiting_approval"}
    except Exception as exc:  # non-fatal: the chair sees the packet without a summary
        return {"pre_read_summary": "", "status": "awaiting_approval", "errors": [f"write_pre_read: {exc!r}"]}


def chair_approval(state: State) -> dict:
    # interrupt() pauses the run here; it must not sit inside a broad try/except.
    decision = interrupt({
        "type": "board_packet_approval", "meeting": f"{state['meeting_title']} ({state['meeting_date']})",
        "agenda": state["agenda"], "pre_read_summary": state.get("pre_read_summary", ""),
        "quorum": state.get("quorum"), "recipients": [m["email"] for m in state["board_members"]],
        "instructions": "Resume with {'approved': bool, 'edits': str}. When approved, non-empty "
                        "edits replace the agenda text; when rejected, they guide the redraft.",
    })
    if not isinstance(decision, dict):  # tolerate a bare True/False
        decision = {"approved": decision is True, "edits": ""}
    return {"review": {"approved": bool(decision.get("approved")), "edits": str(decision.get("edits") or "")}}


def distribute_packet(state: State) -> dict:
    try:
        return {"status": "distributed", "distribution": {
            "distribution_id": str(uuid.uuid4()), "recipients": [m["email"] for m in state["board_members"]],
            "subject": f"Board packet: {state['meeting_title']} ({state['meeting_date']})",
            "agenda": state["review"]["edits"].strip() or state["agenda"]["text"],  # approved edits win
            "pre_read_summary": state.get("pre_read_summary", ""),
            "distributed_at": datetime.now(timezone.utc).isoformat()}}
    except Exception as exc:
        return {"status": "failed", "errors": [f"distribute_packet: {exc!r}"]}


def hold_packet(state: State) -> dict:
    reason = "drafting_failed" if state.get("status") == "failed" else "chair_rejected"
    return {"status": "on_hold", "hold_reason": reason}


def route_after_collect(state: State) -> str:
    return "needs_quorum" if any(i["type"] == "vote" for i in state["items"]) else "no_votes"


def route_after_draft(state: State) -> str:
    return "hold" if state.get("status") == "failed" or not state.get("agenda") else "summarize"


def route_after_approval(state: State) -> str:
    if state["review"]["approved"]:
        return "distribute"
    return "redraft" if state.get("revision_count", 0) < MAX_REVISIONS else "hold"


workflow = StateGraph(State)
workflow.add_node("collect_agenda_items", collect_agenda_items)
workflow.add_node("check_quorum", check_quorum)
workflow.add_node("draft_agenda", draft_agenda)
workflow.add_node("write_pre_read", write_pre_read)
workflow.add_node("chair_approval", chair_approval)
workflow.add_node("distribute_packet", distribute_packet)
workflow.add_node("hold_packet", hold_packet)

workflow.set_entry_point("collect_agenda_items")
workflow.add_conditional_edges("collect_agenda_items", route_after_collect,
                               {"needs_quorum": "check_quorum", "no_votes": "draft_agenda"})
workflow.add_edge("check_quorum", "draft_agenda")
workflow.add_conditional_edges("draft_agenda", route_after_draft,
                               {"summarize": "write_pre_read", "hold": "hold_packet"})
workflow.add_edge("write_pre_read", "chair_approval")
workflow.add_conditional_edges("chair_approval", route_after_approval, {
    "distribute": "distribute_packet", "redraft": "draft_agenda", "hold": "hold_packet"})
workflow.add_edge("distribute_packet", END)
workflow.add_edge("hold_packet", END)

graph = workflow.compile()  # no checkpointer: the deploy runner attaches one at run time
