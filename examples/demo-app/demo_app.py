"""The app `npm run demo` starts: a greeting, a story writer that streams words with progress, and a
realtime endpoint fed frame by frame (`.stream()`, Gradio 5+)."""

import time

import gradio as gr

# What the story writer did on its last run, so the demo can show a cancel reached the server.
LAST_STORY = {"words": 0, "finished": False, "stopped": False}


def greet(name: str, excitement: int = 1) -> str:
    return f"Hello, {name}" + "!" * int(excitement)


def write_story(topic: str, words: int = 40, progress=gr.Progress()):
    LAST_STORY.update(words=0, finished=False, stopped=False)
    vocabulary = ["once", "upon", "a", "time", "a", "curious", topic, "found", "a", "door", "and", "walked", "through"]
    text = ""
    try:
        for i in range(int(words)):
            text += vocabulary[i % len(vocabulary)] + " "
            LAST_STORY["words"] = i + 1
            progress((i + 1) / int(words), desc="writing")
            time.sleep(0.05)
            yield text
        LAST_STORY["finished"] = True
    finally:
        LAST_STORY["stopped"] = True


def story_status() -> dict:
    return dict(LAST_STORY)


def brightness(frame) -> str:
    # One webcam-style frame (an RGB array) in, a line about it out.
    height, width = frame.shape[:2]
    return f"{width}x{height}, mean brightness {float(frame.mean()):.1f}"


# `.stream()` listeners take stream_every from Gradio 5 (Gradio 4 has no stream routes).
STREAM_KWARGS = {"stream_every": 0.1} if int(gr.__version__.split(".")[0]) >= 5 else {}


with gr.Blocks(title="gradio-rx demo") as demo:
    name = gr.Textbox(label="name")
    excitement = gr.Slider(1, 5, value=1, step=1, label="excitement")
    greeting = gr.Textbox(label="greeting")
    topic = gr.Textbox(label="topic")
    words = gr.Number(label="words", value=40)
    story = gr.Textbox(label="story")
    status = gr.JSON(label="status")
    gr.Button("greet").click(greet, [name, excitement], greeting, api_name="greet")
    gr.Button("write").click(write_story, [topic, words], story, api_name="write_story")
    gr.Button("status").click(story_status, None, status, api_name="story_status")
    camera = gr.Image(label="camera", sources=["webcam"], streaming=True, type="numpy")
    seen = gr.Textbox(label="seen")
    camera.stream(brightness, camera, seen, api_name="brightness", concurrency_limit=4, **STREAM_KWARGS)

QUEUE_KWARGS = {"default_concurrency_limit": 4}
