"""The tiny models scripts/invokeai-server installs, and what the server must list each as.

Stdlib only (imported by scripts/invokeai-server before anything else is installed). The names are those
scripts/tiny_models*.py build (their BUILDERS); a name doubles as the installed model's name, without
".safetensors".
"""

from __future__ import annotations

# folder/file name in the model cache -> (base, type) the server must list it as
TINY_MODELS = {
    "tiny-sd15": ("sd-1", "main"),
    "tiny-sdxl": ("sdxl", "main"),
    "tiny-embedding-sd1.safetensors": ("sd-1", "embedding"),
    "tiny-embedding-sdxl.safetensors": ("sdxl", "embedding"),
    "tiny-unknown.safetensors": ("unknown", "unknown"),
    "tiny-sd3": ("sd-3", "main"),
    "tiny-z-image": ("z-image", "main"),
    "tiny-flux2-klein": ("flux2", "main"),
    "tiny-cogview4": ("cogview4", "main"),
    "tiny-lora-sd1.safetensors": ("sd-1", "lora"),
    "tiny-lora-sdxl.safetensors": ("sdxl", "lora"),
    "tiny-lora-z-image.safetensors": ("z-image", "lora"),
    "tiny-lora-flux2-klein.safetensors": ("flux2", "lora"),
    "tiny-vae-sd1": ("sd-1", "vae"),
    "tiny-vae-sdxl": ("sdxl", "vae"),
    "tiny-t5-encoder": ("any", "t5_encoder"),
    "tiny-controlnet-sd1": ("sd-1", "controlnet"),
    # Wan 2.2 (scripts/tiny_models_wan.py): video mains, UMT5 encoder, VAE, Lightning LoRAs
    "tiny-wan-ti2v": ("wan", "main"),
    "tiny-wan-t2v-a14b": ("wan", "main"),
    "tiny-wan-i2v-a14b": ("wan", "main"),
    "tiny-wan-umt5": ("any", "wan_t5_encoder"),
    "tiny-wan-vae48": ("wan", "vae"),
    "tiny-wan-lora-high_noise.safetensors": ("wan", "lora"),
    "tiny-wan-lora-low_noise.safetensors": ("wan", "lora"),
}
