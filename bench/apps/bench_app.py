"""Echo-style endpoints for the benchmarks: the server's work is small, so the client's cost shows."""

import os

import gradio as gr


def echo(text: str) -> str:
    return text


def stream(n: float):
    text = ""
    for i in range(int(n)):
        text += f"{i} "
        yield text


def probe(path: str) -> int:
    return os.path.getsize(path)


def tick(frame: str, seq: float) -> float:
    # A trivial realtime endpoint: each chunk's result is its sequence number.
    return seq


with gr.Blocks() as demo:
    text = gr.Textbox(label="text")
    out = gr.Textbox(label="out")
    n = gr.Number(label="n", value=100)
    file = gr.File(type="filepath", label="file")
    size = gr.Number(label="size")
    gr.Button().click(echo, text, out, api_name="echo")
    gr.Button().click(stream, n, out, api_name="stream")
    gr.Button().click(probe, file, size, api_name="probe")
    frame = gr.Image(label="frame", sources=["webcam"], streaming=True, type="filepath")
    seq = gr.Number(label="seq")
    frame.stream(tick, [frame, seq], size, api_name="tick", stream_every=0.01, time_limit=None)

# status_update_rate as a number: Gradio then sends queue estimations every few seconds instead of
# to every waiting job each time a job starts (O(n^2) messages: 462,100 estimation events, 61 MB,
# for 1,000 concurrent jobs), which would bury the clients' own costs under the server's.
QUEUE_KWARGS = {"default_concurrency_limit": None, "max_size": None, "status_update_rate": 5}
