"""Every default workflow of the real server loads, with its inputs in the web UI's order and kinds.

The expected lists were derived by reading each workflow's JSON (form tree, or exposedFields
when the form is empty) and the server's OpenAPI property for each field (label = the input's
label, else the schema title, else the field name in Start Case), not from this engine's output.
"""

from __future__ import annotations

import pytest

from invokeai_tui.pyclient import InvokeAIClient
from invokeai_tui.workflow import FloatField, WorkflowDefinition, WorkflowHandle


# Shared tails of the Wan 2.2 Lightning forms.
WAN_MODELS_HL = [
    ("model", "Transformer (High Noise)", "model"),
    ("guidance_scale", "CFG (High Noise)", "float"),
    ("transformer_low_noise_model", "Transformer (Low Noise)", "model"),
    ("guidance_scale_low_noise", "CFG (Low Noise)", "float"),
]
WAN_LORAS_WEIGHTED = [
    ("lora", "Lightning LoRA (High Noise)", "model"),
    ("weight", "Weight", "float"),
    ("lora", "Lightning LoRA (Low Noise)", "model"),
    ("weight", "Weight", "float"),
]
WAN_LORAS = [
    ("lora", "Lightning LoRA (High Noise)", "model"),
    ("lora", "Lightning LoRA (Low Noise)", "model"),
]
WAN_ADVANCED = [
    ("wan_t5_encoder_model", "Wan T5 Encoder", "model"),
    ("vae_model", "VAE", "model"),
    ("component_source", "Component Source (Diffusers)", "model"),
]
EXTEND_HEAD = [
    ("prompt", "Prompt", "string"),
    ("video", "Initial Video", "video"),
    ("start_frame", "Start Frame", "integer"),
    ("end_frame", "End Frame", "integer"),
]
FLUX_MODELS = [
    ("t5_encoder_model", "T5 Encoder", "model"),
    ("clip_embed_model", "CLIP Embed", "model"),
    ("vae_model", "VAE", "model"),
]
WAN_T2I_MODELS = [
    ("model", "Transformer", "model"),
    ("transformer_low_noise_model", "Transformer (Low Noise)", "model"),
    ("component_source", "Component Source (Diffusers)", "model"),
    ("vae_model", "VAE", "model"),
    ("wan_t5_encoder_model", "Wan T5 Encoder", "model"),
]

EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "default_wan22_extend_video_lightning": EXTEND_HEAD + [
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + WAN_ADVANCED,
    "default_wan22_extend_video_lightning_concept": EXTEND_HEAD + [
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + [("loras", "Concept LoRAs", "lora_collection")] + WAN_ADVANCED,
    "default_wan22_extend_to_image_lightning": EXTEND_HEAD + [
        ("image", "Destination Image", "image"),
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + WAN_ADVANCED,
    "default_dec5a2e9-f59c-40d9-8869-a056751d79b8": [  # Face Detailer - SD1.5 (exposedFields)
        ("model", "Model", "model"),
        ("value", "Orignal Image Percentage", "float"),
        ("value", "Face Detail Scale", "float"),
        ("image", "Image", "image"),
        ("image", "Blur Mask (see notes!)", "image"),
        ("control_model", "Control Model (select canny)", "model"),
        ("ip_adapter_model", "IP-Adapter Model (select IP Adapter Face)", "model"),
    ],
    "default_cbf0e034-7b54-4b2c-b670-3b1e2e4b4a88": [  # Image to Image - FLUX
        ("model", "Model (dev variant recommended for Image-to-Image)", "model"),
    ] + FLUX_MODELS + [
        ("prompt", "Prompt", "string"),
        ("image", "Image", "image"),
    ],
    "default_wan22_i2v_c2d5e1b3-3e4f-5b6c-af7d-8e9f0a1b2c3e": WAN_T2I_MODELS[:1] + [
        ("transformer_low_noise_model", "Transformer (Low Noise)", "model"),
        ("component_source", "Component Source (Diffusers)", "model"),
        ("vae_model", "VAE", "model"),
        ("wan_t5_encoder_model", "Wan T5 Encoder", "model"),
        ("image", "Reference Image", "image"),
        ("prompt", "Prompt", "string"),
        ("prompt", "Prompt", "string"),
        ("steps", "Steps", "integer"),
        ("guidance_scale", "CFG", "float"),
        ("guidance_scale_low_noise", "CFG (Low)", "float"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
    ],
    "default_wan22_i2v_lightning": [
        ("prompt", "Prompt", "string"),
        ("image", "Starting Image", "image"),
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
        ("fps", "FPS", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + WAN_ADVANCED,
    "default_wan22_i2v_lightning_concept": [
        ("prompt", "Prompt", "string"),
        ("image", "Starting Image", "image"),
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
        ("fps", "FPS", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS + [("loras", "Concept LoRAs", "lora_collection")] + WAN_ADVANCED,
    "default_wan22_i2v_ti2v5b": [
        ("prompt", "Prompt", "string"),
        ("image", "Initial Image", "image"),
        ("steps", "Steps", "integer"),
        ("num_frames", "Frames", "integer"),
        ("fps", "FPS", "integer"),
        ("model", "Transformer (High Noise)", "model"),
        ("guidance_scale", "CFG (High Noise)", "float"),
    ] + WAN_ADVANCED,
    "default_wan22_interpolate_lightning": [
        ("prompt", "Prompt", "string"),
        ("image", "Starting Image", "image"),
        ("image", "Ending Image", "image"),
        ("target_resolution", "Video Resolution", "enum"),
        ("steps", "Steps", "integer"),
        ("value", "Frames", "integer"),
        ("fps", "FPS", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + WAN_ADVANCED,
    "default_2d05e719-a6b9-4e64-9310-b875d3b2f9d2": [  # Text to Image - SD1.5, Control
        ("model", "Model", "model"),
        ("prompt", "Positive Prompt", "string"),
        ("prompt", "Negative Prompt", "string"),
        ("image", "Canny Input Image", "image"),
        ("image", "Depth Input Image", "image"),
        ("control_model", "Control Model (select canny)", "model"),
        ("control_model", "Control Model (select depth)", "model"),
    ],
    "default_0e405a8e-ab5e-4e6c-bd99-b59deabd5591": [  # Text to Image - CogView4 (form with heading/text/divider)
        ("prompt", "Positive Prompt", "string"),
        ("prompt", "Negative Prompt", "string"),
        ("model", "Model", "model"),
    ],
    "default_444fe292-896b-44fd-bfc6-c0b5d220fffc": [("model", "Model", "model")] + FLUX_MODELS + [
        ("prompt", "Prompt", "string"),
    ],
    "default_7dde3e36-d78f-4152-9eea-00ef9c8124ed": [  # Text to Image - SD1.5
        ("model", "Model", "model"),
        ("prompt", "Positive Prompt", "string"),
        ("prompt", "Negative Prompt", "string"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
        ("board", "Board", "board"),
    ],
    "default_e71d153c-2089-43c7-bd2c-f61f37d4c1c1": [  # SD1.5, LoRA
        ("model", "Model", "model"),
        ("lora", "LoRA", "model"),
        ("weight", "LoRA Weight", "float"),
        ("prompt", "Positive Prompt", "string"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
        ("board", "Board", "board"),
    ],
    "default_d7a1c60f-ca2f-4f90-9e33-75a826ca6d8f": [  # SD1.5, Prompt from File
        ("model", "Model", "model"),
        ("file_path", "Prompts File Path", "string"),
        ("pre_prompt", "Pre Prompt", "string"),
        ("post_prompt", "Post Prompt", "string"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
        ("board", "Board", "board"),
    ],
    "default_dbe46d95-22aa-43fb-9c16-94400d0ce2fd": [("model", "Model", "model"), ("prompt", "Prompt", "string")],
    "default_5e8b008d-c697-45d0-8883-085a954c6ace": [  # Text to Image - SDXL
        ("value", "Positive Prompt", "string"),
        ("value", "Negative Prompt", "string"),
        ("model", "Model", "model"),
        ("vae_model", "VAE (use the FP16 model)", "model"),
        ("board", "Board", "board"),
    ],
    "default_wan22_t2v_b1c4f0a2-2d3e-4a5b-9f6c-7d8e0a1b2c3d": WAN_T2I_MODELS + [
        ("prompt", "Prompt", "string"),
        ("prompt", "Prompt", "string"),
        ("steps", "Steps", "integer"),
        ("guidance_scale", "CFG", "float"),
        ("guidance_scale_low_noise", "CFG (Low)", "float"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
    ],
    "default_wan22_t2v_lightning": [
        ("prompt", "Prompt", "string"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
        ("steps", "Steps", "integer"),
        ("num_frames", "Frames", "integer"),
        ("fps", "FPS", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS_WEIGHTED + WAN_ADVANCED,
    "default_wan22_t2v_lightning_concept": [
        ("prompt", "Prompt", "string"),
        ("width", "Width", "integer"),
        ("height", "Height", "integer"),
        ("steps", "Steps", "integer"),
        ("num_frames", "Frames", "integer"),
        ("fps", "FPS", "integer"),
    ] + WAN_MODELS_HL + WAN_LORAS + [("loras", "LoRAs", "lora_collection")] + WAN_ADVANCED,
    "default_wan22_t2v_ti2v5b": [
        ("prompt", "Positive Prompt", "string"),
        ("prompt", "Negative Prompt", "string"),
        ("target_resolution", "Target Resolution", "enum"),
        ("value", "Width", "integer"),
        ("value", "Height", "integer"),
        ("num_frames", "Frames", "integer"),
        ("fps", "FPS", "integer"),
        ("steps", "Steps", "integer"),
        ("guidance_scale", "CFG", "float"),
        ("model", "Transformer", "model"),
        ("wan_t5_encoder_model", "Wan T5 Encoder", "model"),
        ("vae_model", "VAE", "model"),
        ("component_source", "Component Source (Diffusers)", "model"),
    ],
    "default_686bb1d0-d086-4c70-9fa3-2f600b922023": [  # Upscaler - SD1.5, ESRGAN
        ("model", "Model", "model"),
        ("prompt", "Prompt", "string"),
        ("image", "Image To Upscale", "image"),
        ("model_name", "Upscaler Model", "enum"),
        ("control_model", "Control Model (select Canny)", "model"),
        ("board", "Board", "board"),
    ],
    "default_f96e794f-eb3e-4d01-a960-9b4e43402bcf": [  # Upscaler - SD1.5, MultiDiffusion
        ("image", "Image to Upscale", "image"),
        ("scale", "Scale (2x, 4x, 8x, 16x)", "float"),
        ("board", "Output Board", "board"),
        ("a", "Creativity Control (-10 to 10)", "float"),
        ("a", "Structural Control (-10 to 10)", "float"),
        ("prompt", "Positive Prompt (Optional)", "string"),
        ("prompt", "Negative Prompt (Optional)", "string"),
        ("model", "Model", "model"),
        ("image_to_image_model", "Image-to-Image Model", "model"),
        ("model", "ControlNet Model - Choose a Tile ControlNet", "model"),
    ],
    "default_43b0d7f7-6a12-4dcf-a5a4-50c940cbee29": [  # Upscaler - SD1.5, Tiled
        ("model", "Model", "model"),
        ("image", "Image to Upscale", "image"),
        ("value", "Scale Factor", "integer"),
        ("a", "Creativity", "float"),
        ("strength", "Sharpen Strength", "float"),
        ("end_step_percent", "Structural Control", "float"),
        ("ip_adapter_model", "IP-Adapter Model (select ip_adapter_sd15)", "model"),
        ("control_model", "Control Model (select control_v11f1e_sd15_tile)", "model"),
    ],
    "default_35658541-6d41-4a20-8ec5-4bf2561faed0": [  # Upscaler - SDXL, MultiDiffusion
        ("image", "Image to Upscale", "image"),
        ("scale", "Scale (2x, 4x, 8x, 16x)", "float"),
        ("board", "Output Board", "board"),
        ("a", "Creativity Control (-10 to 10)", "float"),
        ("a", "Structural Control (-10 to 10)", "float"),
        ("value", "Positive Prompt (Optional)", "string"),
        ("value", "Negative Prompt (Optional)", "string"),
        ("model", "SDXL Model", "model"),
        ("vae_model", "VAE", "model"),
        ("image_to_image_model", "Image-to-Image Model", "model"),
        ("model", "ControlNet Model - Choose a Tile ControlNet", "model"),
    ],
}
NO_FORM = {  # the 15 defaults with only exposedFields
    "default_dec5a2e9-f59c-40d9-8869-a056751d79b8", "default_cbf0e034-7b54-4b2c-b670-3b1e2e4b4a88",
    "default_wan22_i2v_c2d5e1b3-3e4f-5b6c-af7d-8e9f0a1b2c3e", "default_2d05e719-a6b9-4e64-9310-b875d3b2f9d2",
    "default_444fe292-896b-44fd-bfc6-c0b5d220fffc", "default_7dde3e36-d78f-4152-9eea-00ef9c8124ed",
    "default_e71d153c-2089-43c7-bd2c-f61f37d4c1c1", "default_d7a1c60f-ca2f-4f90-9e33-75a826ca6d8f",
    "default_dbe46d95-22aa-43fb-9c16-94400d0ce2fd", "default_5e8b008d-c697-45d0-8883-085a954c6ace",
    "default_wan22_t2v_b1c4f0a2-2d3e-4a5b-9f6c-7d8e0a1b2c3d", "default_686bb1d0-d086-4c70-9fa3-2f600b922023",
    "default_f96e794f-eb3e-4d01-a960-9b4e43402bcf", "default_43b0d7f7-6a12-4dcf-a5a4-50c940cbee29",
    "default_35658541-6d41-4a20-8ec5-4bf2561faed0",
}


@pytest.fixture(scope="module")
def client(server_url):
    c = InvokeAIClient.from_url(server_url)
    yield c
    c.close()


@pytest.fixture(scope="module")
def default_ids(client):
    page = client.workflow_repo.list_workflows(category="default")
    return {item.workflow_id: item.name for item in page.items}


def test_the_server_has_the_26_defaults_we_expect(default_ids):
    assert len(default_ids) == 26
    assert set(default_ids) == set(EXPECTED)
    assert len(NO_FORM) == 15


@pytest.mark.parametrize("workflow_id", sorted(EXPECTED))
def test_default_workflow_inputs(client, workflow_id):
    record = client.workflow_repo.get_workflow(workflow_id)
    definition = WorkflowDefinition.from_library_record(record)
    handle = client.workflow_repo.create_workflow(definition)
    inputs = handle.list_inputs()
    got = [(i.field_name, i.label, i.kind) for i in inputs]
    assert got == EXPECTED[workflow_id]
    assert [i.input_index for i in inputs] == list(range(len(inputs)))
    assert handle.form.generated_from_exposed_fields == (workflow_id in NO_FORM)
    # every input points at a real node input, and the graph builds
    for item in inputs:
        assert definition.node_input(item.node_id, item.field_name) is not None
    graph = handle.build_graph()
    assert graph["nodes"] and all(node["id"] == key for key, node in graph["nodes"].items())


def test_float_written_as_whole_number_stays_float(client):
    handle = client.workflow_repo.create_workflow(
        WorkflowDefinition.from_library_record(client.workflow_repo.get_workflow("default_f96e794f-eb3e-4d01-a960-9b4e43402bcf"))
    )
    scale = handle.get_input_value(1)  # JSON says 2, the schema says number
    assert isinstance(scale, FloatField)
    assert scale.value == 2.0 and isinstance(scale.value, float)
    scale.value = 2.5
    assert handle.build_graph()["nodes"][handle.get_input(1).node_id]["scale"] == 2.5


def test_layout_headings_and_rows_of_a_nested_form(client):
    handle = client.workflow_repo.create_workflow(
        WorkflowDefinition.from_library_record(client.workflow_repo.get_workflow("default_wan22_t2v_lightning"))
    )
    inputs = handle.list_inputs()
    headings = [i.placement.heading for i in inputs]
    assert headings[:6] == ["Generation"] * 6
    assert headings[6:10] == ["Model"] * 4
    assert headings[10:14] == ["Lightning LoRAs"] * 4
    assert headings[14:] == ["Advanced"] * 3
    assert inputs[0].placement.row_id is None  # the prompt sits directly in the root column
    assert inputs[1].placement.row_id == inputs[2].placement.row_id is not None  # width | height
    assert inputs[1].placement.row_id != inputs[3].placement.row_id
    kinds = [e.type for e in handle.form_elements()]
    assert kinds.count("heading") == 4 and kinds.count("node-field") == len(inputs)


def test_enum_and_model_fields_know_their_choices(client):
    handle = client.workflow_repo.create_workflow(
        WorkflowDefinition.from_library_record(client.workflow_repo.get_workflow("default_wan22_t2v_ti2v5b"))
    )
    resolution = handle.get_input_value(2)
    assert resolution.value in resolution.options and len(resolution.options) == 3
    model = handle.get_input_value(9)
    assert model.types == ["main"] and model.bases  # from ui_model_type / ui_model_base
