"""Draws the application icon as PNG sizes and a Windows .ico into build/icons (build step).

The artwork matches resources/icons/pscp-training.svg (which Qt and Linux desktops use
directly); Windows wants an .ico, which is made here with Pillow rather than committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "icons"


def draw(size: int) -> Image.Image:
    scale = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def pts(points):
        return [(x * scale, y * scale) for x, y in points]

    pen.rounded_rectangle((8 * scale, 8 * scale, 248 * scale, 248 * scale), 48 * scale,
                          fill="#1f5f8b")
    shield = [(128, 40), (200, 68), (200, 124), (190, 165), (165, 197), (128, 220),
              (91, 197), (66, 165), (56, 124), (56, 68)]
    pen.polygon(pts(shield), fill="#ffffff")
    half = [(128, 58), (184, 80), (184, 124), (176, 157), (156, 184), (128, 202)]
    pen.polygon(pts(half), fill="#d8e8f3")
    pen.line(pts([(98, 130), (120, 152), (162, 106)]), fill="#2e8540",
             width=max(int(16 * scale), 1), joint="curve")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    for size in (16, 32, 48, 64, 128, 256):
        draw(size).save(OUT / f"pscp-training-{size}.png")
    big.save(OUT / "pscp-training.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
