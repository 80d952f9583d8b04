"""A light Streamlit client: the browser's websocket protocol without a browser.

It speaks what the frontend speaks at /_stcore/stream: a BackMsg `rerun_script` (query string,
page script hash, the widgets' states, the browser's context) and the ForwardMsg stream back
(new_session, deltas, script_finished). It keeps each widget's state as the browser's widget
manager does (the value drawn by the server, or the one the user set), so that a rerun carries
every widget of the page, and it reads the elements it needs (headings, metrics, page links,
sliders) and the errors (an exception, an error box, a script that does not compile) from the
deltas. What it does not do: draw, fetch the static files or media, or answer cached-message
references (it announces no cached message, so the server sends every element in full).
Used by benchmarks/bench_load.py to put the load on the servers rather than on browsers.
`websockets` is Streamlit's own dependency: nothing more to install.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM = "/_stcore/stream"
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}

Match = Callable[[str, Any], bool]  # (element kind, element proto) -> the awaited one?


@dataclass
class Run:
    """One script run as the client saw it: its elements, timings and errors."""

    elements: list[tuple[str, Any]] = field(default_factory=list)
    matched: float | None = None  # seconds until the awaited element came
    seconds: float = 0.0  # seconds until the script finished
    errors: list[str] = field(default_factory=list)

    def find(self, kind: str, test: Callable[[Any], bool] = lambda _: True) -> Any | None:
        """The last element of this kind that passes the test, None if none does."""
        found = [proto for k, proto in self.elements if k == kind and test(proto)]
        return found[-1] if found else None


def initial_state(kind: str, widget: Any) -> WidgetState | None:
    """The state the browser gives a widget when it draws it (None: it sends none)."""
    state = WidgetState(id=widget.id)
    if kind == "slider":
        if widget.type == Slider.SELECT_SLIDER:
            chosen = (
                widget.raw_value
                if widget.set_value
                else [widget.options[int(i)] for i in widget.default]
            )
            state.string_array_value.data.extend(chosen)
        else:
            state.double_array_value.data.extend(
                widget.value if widget.set_value else widget.default
            )
    elif kind in ("radio", "selectbox"):
        if widget.set_value:
            if not widget.HasField("raw_value"):
                return None
            state.string_value = widget.raw_value
        elif widget.HasField("default"):
            state.string_value = widget.options[widget.default]
        else:
            return None
    elif kind in ("text_input", "text_area"):
        value = widget.value if widget.set_value else widget.default
        if not (widget.HasField("value") if widget.set_value else widget.HasField("default")):
            return None
        state.string_value = value
    elif kind == "checkbox":
        state.bool_value = widget.value if widget.set_value else widget.default
    elif kind == "date_input":
        state.string_array_value.data.extend(widget.value if widget.set_value else widget.default)
    elif kind == "number_input":
        field_set = widget.HasField("value") if widget.set_value else widget.HasField("default")
        if not field_set:
            return None
        state.double_value = widget.value if widget.set_value else widget.default
    elif kind == "button_group":
        chosen = (
            widget.raw_values
            if widget.set_value
            else [widget.options[i].content for i in widget.default]
        )
        state.string_array_value.data.extend(chosen)
    else:  # buttons (triggers), uploads, editors: the browser sends them only once used
        return None
    return state


def _error(kind: str, proto: Any) -> str | None:
    if kind == "exception":
        return f"exception {proto.type}: {proto.message[:160]}"
    if kind == "alert" and proto.format == Alert.ERROR:
        return f"error box: {proto.body[:160]}"
    return None


class LightSession:
    """One session on a Streamlit server over its websocket, as a browser tab would hold."""

    def __init__(
        self, base_url: str, locale: str = "en-US", timezone: str = "Europe/Paris"
    ) -> None:
        self.url = base_url.replace("http://", "ws://").replace("https://", "wss://") + STREAM
        self._locale, self._timezone = locale, timezone
        self._socket: Any = None
        self.states: dict[str, WidgetState] = {}  # widget id -> its state, as the browser keeps
        self.last: Run = Run()

    async def connect(self) -> None:
        """Open the websocket (the browser's subprotocol; no cookie, so no XSRF token)."""
        self._socket = await websockets.connect(
            self.url, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
        )

    async def close(self) -> None:
        """Close the websocket."""
        if self._socket is not None:
            await self._socket.close()

    def set_widget(self, state: WidgetState) -> None:
        """The user changes a widget: its new state goes with the next rerun."""
        self.states[state.id] = state

    def widget(self, kind: str, label_part: str) -> Any:
        """The last run's widget of this kind whose label holds `label_part` (KeyError if none)."""
        found = self.last.find(kind, lambda w: label_part in w.label)
        if found is None:
            raise KeyError(f"no {kind} labelled …{label_part}… on the page")
        return found

    def link(self, page: str) -> Any:
        """The last run's page link to `page` (its url path), as the sidebar shows it."""
        found = self.last.find("page_link", lambda link: link.page == page)
        if found is None:
            raise KeyError(f"no link to the page {page!r}")
        return found

    async def rerun(
        self,
        query_string: str,
        page_script_hash: str = "",
        until: Match | None = None,
        timeout: float = 180.0,
    ) -> Run:
        """Ask for a run and read its messages until the script finishes (or `timeout` s)."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = query_string
        client.page_script_hash = page_script_hash
        client.widget_states.widgets.extend(self.states.values())
        client.context_info.locale = self._locale
        client.context_info.timezone = self._timezone
        run = Run()
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self._read(run, started, until), timeout)
        except TimeoutError:
            run.errors.append(f"no end of the script within {timeout:.0f} s")
        except websockets.ConnectionClosed as closed:
            run.errors.append(f"websocket closed: {closed}")
        run.seconds = time.perf_counter() - started
        if until is not None and run.matched is None and not run.errors:
            run.errors.append("the awaited element never came")
        self.last = run
        return run

    async def _read(self, run: Run, started: float, until: Match | None) -> None:
        seen: set[str] = set()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":  # a run starts (again, after a rerun asked meanwhile)
                run.elements.clear()
                seen.clear()
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._element(run, message.delta.new_element, seen, started, until)
            elif kind == "page_not_found":
                run.errors.append(f"page not found: {message.page_not_found.page_name}")
            elif kind == "script_finished" and message.script_finished in FINISHED:
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("the script did not compile")
                self.states = {i: s for i, s in self.states.items() if i in seen}
                return

    def _element(
        self, run: Run, element: Element, seen: set[str], started: float, until: Match | None
    ) -> None:
        kind = element.WhichOneof("type")
        if kind is None:
            return
        proto = getattr(element, kind)
        run.elements.append((kind, proto))
        error = _error(kind, proto)
        if error:
            run.errors.append(error)
        widget_id = getattr(proto, "id", "") if kind != "page_link" else ""
        if widget_id:
            seen.add(widget_id)
            if widget_id not in self.states or getattr(proto, "set_value", False):
                state = initial_state(kind, proto)
                if state is not None:
                    self.states[widget_id] = state
        if until is not None and run.matched is None and until(kind, proto):
            run.matched = time.perf_counter() - started


def slider_state(slider: Any, value: float) -> WidgetState:
    """A numeric slider moved to `value` (what the browser sends after a drag or a key)."""
    state = WidgetState(id=slider.id)
    state.double_array_value.data.append(value)
    return state
