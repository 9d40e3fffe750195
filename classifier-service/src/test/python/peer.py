"""The classifier a digital team writes instead, to compare with the suite's: FastAPI, Pillow, NumPy and
ONNX Runtime, on the same ONNX file. ./bench.sh classifier starts it with uvicorn when these can be
installed (PEER_MODEL: the model file; PEER_THREADS: ONNX Runtime's intra-op threads, as the suite's)."""
import io
import os

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, File, UploadFile
from PIL import Image

options = ort.SessionOptions()
options.intra_op_num_threads = int(os.environ.get("PEER_THREADS", "2"))
session = ort.InferenceSession(os.environ["PEER_MODEL"], options, providers=["CPUExecutionProvider"])
input_name = session.get_inputs()[0].name
MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)
app = FastAPI()


def preprocess(image):
    """torchvision's Resize(256), CenterCrop(224), ToTensor, Normalize, with Pillow."""
    image = image.convert("RGB")
    w, h = image.size
    size = (256, int(256 * h / w)) if w <= h else (int(256 * w / h), 256)
    image = image.resize(size, Image.BILINEAR)
    left = int(round((size[0] - 224) / 2.0))
    top = int(round((size[1] - 224) / 2.0))
    pixels = np.asarray(image.crop((left, top, left + 224, top + 224)), dtype=np.float32) / 255.0
    return ((pixels - MEAN) / STD).transpose(2, 0, 1)[np.newaxis]


@app.post("/classify")
def classify(image: UploadFile = File(...), topK: int = 5):
    logits = session.run(None, {input_name: preprocess(Image.open(io.BytesIO(image.file.read())))})[0][0]
    scores = np.exp(logits - logits.max())
    scores /= scores.sum()
    best = np.argsort(-scores)[:topK]
    return {"predictions": [{"label": "class-%d" % i, "score": float(scores[i])} for i in best]}
