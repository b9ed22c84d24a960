#!/usr/bin/env python3
"""Estimate (not a measurement) of the full SD 2.1-base protocol's GPU work, README section "GPU".

Counts multiply-adds of convolutions, linear layers and attention products from SD 2.1-base's published
shapes (harness/engine/src/test/resources/config/sd21-base), 2 FLOPs each, norms and activations left out:
the convention of org.actionbench.engine.nn.FlopCounter. Run: python3 docs/gpu_estimate.py
"""

def conv(hw, cin, cout, k=3):
    return hw * cin * cout * k * k

def res(hw, cin, cout):
    return conv(hw, cin, cout) + conv(hw, cout, cout) + (hw * cin * cout if cin != cout else 0)

def transformer(hw, c, ctx=77, ctx_dim=1024):
    self_attn = 4 * hw * c * c + 2 * hw * hw * c
    cross = 2 * hw * c * c + 2 * ctx * ctx_dim * c + 2 * hw * ctx * c
    geglu = hw * c * 8 * c + hw * 4 * c * c
    return 2 * hw * c * c + self_attn + cross + geglu  # proj_in/out + blocks

def unet(size=64):
    r = [size * size, (size // 2) ** 2, (size // 4) ** 2, (size // 8) ** 2]
    ch = [320, 640, 1280, 1280]
    m = conv(r[0], 4, 320)
    skips = [320]
    cin = 320
    for i in range(4):
        for _ in range(2):
            m += res(r[i], cin, ch[i])
            cin = ch[i]
            if i < 3:
                m += transformer(r[i], cin)
            skips.append(cin)
        if i < 3:
            m += conv(r[i + 1], cin, cin)  # stride-2 downsample
            skips.append(cin)
    m += 2 * res(r[3], 1280, 1280) + transformer(r[3], 1280)
    prev = 1280
    for i in reversed(range(4)):
        for _ in range(3):
            skip = skips.pop()
            m += res(r[i], prev + skip, ch[i])
            prev = ch[i]
            if i < 3:
                m += transformer(r[i], prev)
        if i > 0:
            m += conv(r[i - 1], prev, prev)  # upsample then conv at the larger size
    m += conv(r[0], 320, 4)
    return 2 * m

def vae_decoder(size=64):
    r = [(size * 2 ** i) ** 2 for i in range(4)]
    m = conv(r[0], 4, 512) + 2 * res(r[0], 512, 512) + 4 * r[0] * 512 * 512 + 2 * r[0] * r[0] * 512
    cin = 512
    for i, c in enumerate([512, 512, 256, 128]):
        for _ in range(3):
            m += res(r[i], cin, c)
            cin = c
        if i < 3:
            m += conv(r[i + 1], c, c)
    return 2 * (m + conv(r[3], 128, 3))

def text_encoder(layers=23, width=1024, tokens=77):
    return 2 * layers * (4 * tokens * width * width + 2 * tokens * tokens * width + 8 * tokens * width * width)

U, D, T = unet(), vae_decoder(), text_encoder()
TRAIN = 3  # forward + backward ≈ 3 forwards (weight and activation gradients)
IMAGES = 23 * 4  # per cell: subjects × images per pair
SAMPLE = IMAGES * (50 * 2 * U + D)  # DDIM 50 with guidance (2 UNet passes), one decode per image
# Per cell (one action): UNet sample-passes in training (steps × batch × accumulation), extra sampling passes.
methods = {
    "stable-diffusion": (0, 0),
    "controlnet": (0, IMAGES * 50 * 2 * 0.5),  # ControlNet ≈ half a UNet pass per UNet pass (estimate)
    "dreambooth": (800 * 2, 200 * 50 * 2),  # prior preservation doubles the batch; 200 class images
    "textual-inversion": (3000 * 4, 0),
    "reversion": (3000 * 2 * 4, 0),
    "custom-diffusion": (250 * 2, 0),
    "p-plus": (500 * 8, 0),
    "adi": (3000 * 3 + 10 * 2000, 10 * 7 * 50 * 2),  # ADI triple; 10 one-shot DreamBooths, 7 images each
}
ACTIONS = 8
print(f"UNet forward at 512 px: {U / 1e12:.3f} TFLOP; VAE decode {D / 1e12:.3f}; text encoder {T / 1e9:.1f} GFLOP")
total = 0
for name, (train, extra) in methods.items():
    cell = TRAIN * train * U + extra * U + SAMPLE
    total += ACTIONS * cell
    print(f"{name:18s} per action {cell / 1e15:7.1f} PFLOP")
print(f"protocol (8 methods × {ACTIONS} actions): {total / 1e15:.0f} PFLOP")
for rate in (20, 40):
    print(f"  at a sustained {rate} TFLOP/s: {total / rate / 1e12 / 3600:.0f} GPU-hours")
