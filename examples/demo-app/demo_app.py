"""The app `npm run demo` starts: a greeting, and a story writer that streams words with progress."""

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

QUEUE_KWARGS = {"default_concurrency_limit": 4}
