"""workflow-resp_002-member-communication: answer an incoming member request.

The request is classified, the model drafts a reply, a staff member approves or
edits it (human-in-the-loop `human_review`), and the approved reply is recorded
as sent. Nothing leaves the process: the "outbox" is `sent_message` in state.
"""

import operator
import re
import uuid
from datetime import datetime, timezone
from typing import Annotated

from langchain_anthropic import ChatAnthropic
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.types import interrupt
from typing_extensions import TypedDict

MODEL_NAME = "claude-sonnet-4-5"
TEMPERATURE = 0.3
MAX_TOKENS = 1024
MAX_REVISIONS = 2
CATEGORIES = ("renewal", "event", "complaint", "general")
DEFAULT_SUBJECTS = {"renewal": "Your membership renewal", "event": "Your event question",
                    "complaint": "Following up on your concern", "general": "Thank you for contacting us"}
SYSTEM_PROMPT = (
    "You are the Member Communication Assistant for a professional association, "
    "working on behalf of the executive director. You classify member requests "
    "and draft warm, concise, accurate replies in the association's voice. Never "
    "promise refunds, discounts or policy exceptions; flag them for staff instead. "
    "Every draft is reviewed by a staff member before it is sent."
)


def add_usage(left: dict | None, right: dict | None) -> dict:
    """Reducer: sum token counts reported by each model call."""
    left, right = left or {}, right or {}
    return {k: left.get(k, 0) + right.get(k, 0) for k in {*left, *right}}


class State(TypedDict, total=False):
    member_name: str  # input
    member_email: str
    request_text: str
    messages: Annotated[list, add_messages]
    category: str
    priority: str
    draft: dict  # {"subject": str, "body": str}
    review: dict  # {"approved": bool, "edits": str}
    revision_count: int
    status: str  # received | pending_review | sent | escalated | failed
    sent_message: dict
    escalation: dict
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


def parse_draft(reply: str, category: str) -> dict:
    """Expect 'Subject: ...' on the first line, then the body; be lenient otherwise."""
    lines = reply.splitlines()
    if lines and lines[0].lower().startswith("subject:"):
        subject, body = lines[0].split(":", 1)[1].strip(), "\n".join(lines[1:]).strip()
    else:
        subject, body = DEFAULT_SUBJECTS[category], reply.strip()
    if not body:
        raise RuntimeError("model returned an empty reply body")
    return {"subject": subject or DEFAULT_SUBJECTS[category], "body": body}


def validate_request(state: State) -> dict:
    for field in ("member_name", "member_email", "request_text"):
        if not str(state.get(field) or "").strip():
            raise ValueError(f"missing required input field '{field}'")
    if "@" not in state["member_email"]:
        raise ValueError(f"member_email is not an email address: {state['member_email']!r}")
    return {"status": "received", "revision_count": 0,
            "messages": [HumanMessage(content=state["request_text"], name="member")]}


def classify_request(state: State) -> dict:
    try:
        reply, usage = call_model(
            f"Classify this member request as exactly one word from {', '.join(CATEGORIES)}.\n"
            f"Reply with the word only.\n\nRequest:\n{state['request_text']}")
        words = re.findall(r"[a-z]+", reply.lower())
        category = next((w for w in words if w in CATEGORIES), "general")
        return {"category": category, "token_usage": usage,
                "priority": "high" if category == "complaint" else "normal"}
    except Exception as exc:  # fall back to 'general' and keep going
        return {"category": "general", "priority": "normal", "errors": [f"classify_request: {exc!r}"]}


def draft_reply(state: State) -> dict:
    try:
        reply, usage = call_model(
            f"Draft a reply to {state['member_name']} about their {state['category']} request.\n"
            "First line: 'Subject: <subject>'. Then a blank line and the email body.\n\n"
            f"Request:\n{state['request_text']}")
        draft = parse_draft(reply, state["category"])
        return {"draft": draft, "token_usage": usage, "status": "pending_review"}
    except Exception as exc:
        return {"status": "failed", "errors": [f"draft_reply: {exc!r}"]}


def human_review(state: State) -> dict:
    # interrupt() pauses the run here; it must not sit inside a broad try/except.
    decision = interrupt({
        "type": "member_reply_approval", "member_email": state["member_email"],
        "category": state["category"], "priority": state.get("priority", "normal"),
        "draft": state["draft"], "revision_count": state.get("revision_count", 0),
        "instructions": "Resume with {'approved': bool, 'edits': str}. When approved, "
                        "non-empty edits replace the body; when rejected, they guide the revision.",
    })
    if not isinstance(decision, dict):  # tolerate a bare True/False
        decision = {"approved": decision is True, "edits": ""}
    return {"review": {"approved": bool(decision.get("approved")),
                       "edits": str(decision.get("edits") or "")}}


def revise_draft(state: State) -> dict:
    count = state.get("revision_count", 0) + 1
    try:
        draft = state["draft"]
        reply, usage = call_model(
            "Revise this reply following the reviewer's notes. Keep the format: 'Subject: ...', blank line, body.\n\n"
            f"Reviewer notes: {state['review']['edits'] or 'Improve clarity and tone.'}\n\n"
            f"Subject: {draft['subject']}\n\n{draft['body']}")
        return {"draft": parse_draft(reply, state["category"]), "token_usage": usage,
                "revision_count": count, "status": "pending_review"}
    except Exception as exc:
        return {"revision_count": count, "status": "failed", "errors": [f"revise_draft: {exc!r}"]}


def finalize_reply(state: State) -> dict:
    try:
        draft = state["draft"]
        body = state["review"].get("edits", "").strip() or draft["body"]  # approved edits win
        sent = {"message_id": str(uuid.uuid4()), "to": state["member_email"], "subject": draft["subject"],
                "body": body, "sent_at": datetime.now(timezone.utc).isoformat()}
        return {"sent_message": sent, "status": "sent", "messages": [AIMessage(content=body)]}
    except Exception as exc:
        return {"status": "failed", "errors": [f"finalize_reply: {exc!r}"]}


def escalate_to_staff(state: State) -> dict:
    reason = "model_error" if state.get("status") == "failed" else "revisions_exhausted"
    return {"status": "escalated", "escalation": {"reason": reason, "assigned_to": "membership_staff",
                                                  "escalated_at": datetime.now(timezone.utc).isoformat()}}


def route_after_draft(state: State) -> str:
    return "escalate" if state.get("status") == "failed" or not state.get("draft") else "review"


def route_after_review(state: State) -> str:
    if state["review"]["approved"]:
        return "send"
    return "revise" if state.get("revision_count", 0) < MAX_REVISIONS else "escalate"


workflow = StateGraph(State)
workflow.add_node("validate_request", validate_request)
workflow.add_node("classify_request", classify_request)
workflow.add_node("draft_reply", draft_reply)
workflow.add_node("human_review", human_review)
workflow.add_node("revise_draft", revise_draft)
workflow.add_node("finalize_reply", finalize_reply)
workflow.add_node("escalate_to_staff", escalate_to_staff)

workflow.add_edge(START, "validate_request")
workflow.add_edge("validate_request", "classify_request")
workflow.add_edge("classify_request", "draft_reply")
workflow.add_conditional_edges("draft_reply", route_after_draft,
                               {"review": "human_review", "escalate": "escalate_to_staff"})
workflow.add_conditional_edges("revise_draft", route_after_draft,
                               {"review": "human_review", "escalate": "escalate_to_staff"})
workflow.add_conditional_edges("human_review", route_after_review, {
    "send": "finalize_reply", "revise": "revise_draft", "escalate": "escalate_to_staff"})
workflow.add_edge("finalize_reply", END)
workflow.add_edge("escalate_to_staff", END)

graph = workflow.compile()  # no checkpointer: the deploy runner attaches one at run time
