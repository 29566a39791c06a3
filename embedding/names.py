"""The encoder graph's input and output names (shared by the builder and the runner)."""

INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"
OUTPUT = "embedding"
