#!/usr/bin/python3
"""Renders helm/peergate/files/peergate-dashboard.json to a PNG from a Prometheus server's data.

Each panel's queries are run through Prometheus' HTTP API (query_range) as Grafana would run them, with
$instance = .* and $__rate_interval = 4 x the step, and drawn with matplotlib at the panel's grid position.
No Grafana is involved: it is not packaged for Debian. Usage:

    render.py --prometheus http://127.0.0.1:19090 --minutes 15 --out docs/dashboard.png
"""
import argparse
import json
import math
import time
import urllib.parse
import urllib.request
from datetime import datetime

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

BACKGROUND = "#111217"
PANEL = "#181b1f"
TEXT = "#ccccdc"
GRID = "#2c3235"
COLOURS = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#5794f2", "#b877d9", "#705da0", "#37872d",
           "#fade2a", "#ff9830", "#c4162a"]


def query_range(base, expr, start, end, step):
    params = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{base}/api/v1/query_range?{params}", timeout=30) as response:
        answer = json.load(response)
    if answer["status"] != "success":
        raise RuntimeError(f"{expr}: {answer}")
    return answer["data"]["result"]


def legend(template, labels):
    text = template or "{{__name__}}"
    for key, value in labels.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def human(value, unit):
    if value is None or math.isnan(value):
        return "-"
    if unit in ("bytes", "Bps"):
        suffix = "/s" if unit == "Bps" else ""
        for prefix in ("B", "KiB", "MiB", "GiB", "TiB"):
            if abs(value) < 1024 or prefix == "TiB":
                return f"{value:.3g} {prefix}{suffix}"
            value /= 1024
    if unit == "s":
        if value == 0:
            return "0"
        if abs(value) < 1e-3:
            return f"{value * 1e6:.3g} µs"
        if abs(value) < 1:
            return f"{value * 1e3:.3g} ms"
        if abs(value) >= 3600:
            return f"{value / 3600:.3g} h"
        if abs(value) >= 60:
            return f"{value / 60:.3g} min"
        return f"{value:.3g} s"
    if unit == "percentunit":
        return f"{value * 100:.3g} %"
    suffix = {"cps": "/s", "pps": " p/s", "reqps": " req/s"}.get(unit, "")
    for prefix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{prefix}{suffix}"
    return f"{value:.3g}{suffix}"


def substitute(expr, step):
    return expr.replace("$__rate_interval", f"{4 * step}s").replace('"$instance"', '".*"')


def draw_timeseries(ax, panel, base, start, end, step):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    colour = 0
    for target in panel["targets"]:
        for series in query_range(base, substitute(target["expr"], step), start, end, step):
            xs, ys, last = [], [], None
            for t, v in series["values"]:
                if last is not None and float(t) - last > step:  # a gap (a filtered-out zero): break the line
                    xs.append(datetime.fromtimestamp(last + step))
                    ys.append(math.nan)
                xs.append(datetime.fromtimestamp(float(t)))
                ys.append(float(v))
                last = float(t)
            ax.plot(xs, ys, linewidth=1.2, color=COLOURS[colour % len(COLOURS)],
                    label=legend(target.get("legendFormat"), series["metric"]))
            ax.fill_between(xs, ys, alpha=0.08, color=COLOURS[colour % len(COLOURS)])
            colour += 1
    ax.set_xlim(datetime.fromtimestamp(start), datetime.fromtimestamp(end))
    ax.set_facecolor(PANEL)
    ax.grid(color=GRID, linewidth=0.5)
    ax.tick_params(colors=TEXT, labelsize=6)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: human(v, unit)))
    ax.set_ylim(bottom=0)
    for spine in ax.spines.values():
        spine.set_color(GRID)
    if colour:
        ax.legend(loc="upper left", fontsize=5.5, frameon=False, labelcolor=TEXT, ncol=2 if colour > 3 else 1)
    else:
        ax.text(0.5, 0.5, "No data", color=TEXT, ha="center", va="center", transform=ax.transAxes, fontsize=8)


def stat_colour(panel, value):
    defaults = panel["fieldConfig"]["defaults"]
    for mapping in defaults.get("mappings", []):
        option = mapping.get("options", {}).get(str(int(value)) if value == int(value) else str(value))
        if option:
            return option.get("color", COLOURS[0]), option.get("text")
    colour = COLOURS[0]
    for step in defaults.get("thresholds", {}).get("steps", []):
        if step["value"] is None or value >= step["value"]:
            colour = {"green": "#37872d", "red": "#c4162a", "orange": "#fa6400"}.get(step["color"], step["color"])
    return colour, None


def draw_stat(ax, panel, base, end, step):
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    values = []
    for target in panel["targets"]:
        for series in query_range(base, substitute(target["expr"], step), end - step, end, step):
            values.append((legend(target.get("legendFormat"), series["metric"]), float(series["values"][-1][1])))
    ax.set_xticks([])
    ax.set_yticks([])
    if not values:
        ax.set_facecolor(PANEL)
        ax.text(0.5, 0.5, "No data", color=TEXT, ha="center", va="center", transform=ax.transAxes)
        return
    width = 1 / len(values)
    for i, (name, value) in enumerate(values):
        colour, text = stat_colour(panel, value)
        colour = {"green": "#37872d", "red": "#c4162a"}.get(colour, colour)
        ax.add_patch(plt.Rectangle((i * width, 0), width * 0.98, 1, color=colour, transform=ax.transAxes))
        ax.text(i * width + width / 2, 0.62, text or human(value, unit), color="white", ha="center", va="center",
                transform=ax.transAxes, fontsize=13 if len(values) == 1 else 9, weight="bold")
        if len(values) > 1 or name != panel["title"]:
            ax.text(i * width + width / 2, 0.22, name, color="white", ha="center", va="center",
                    transform=ax.transAxes, fontsize=6)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", default="http://127.0.0.1:19090")
    parser.add_argument("--dashboard", default="helm/peergate/files/peergate-dashboard.json")
    parser.add_argument("--minutes", type=int, default=15)
    parser.add_argument("--end", type=float, default=None, help="unix time of the right edge (default: now)")
    parser.add_argument("--step", type=int, default=10)
    parser.add_argument("--out", default="docs/dashboard.png")
    args = parser.parse_args()
    dashboard = json.load(open(args.dashboard))
    end = args.end or time.time()
    start = end - args.minutes * 60
    panels = dashboard["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    unit = 0.19
    fig = plt.figure(figsize=(24 * 0.75, rows * unit + 0.5), facecolor=BACKGROUND)
    height = rows * unit + 0.5
    fig.text(0.01, 1 - 0.25 / height, f"{dashboard['title']}  ·  last {args.minutes} minutes  ·  "
             f"rendered from Prometheus by bench/dashboard/render.py", color=TEXT, fontsize=10, va="center")
    for panel in panels:
        g = panel["gridPos"]
        left = g["x"] / 24 + 0.004
        width = g["w"] / 24 - 0.008
        top = 1 - (0.5 + g["y"] * unit) / height
        h = g["h"] * unit / height
        if panel["type"] == "row":
            fig.text(left, top - h / 2, panel["title"], color=TEXT, fontsize=10, weight="bold", va="center")
            continue
        title_h = 0.28 / height
        ax = fig.add_axes([left + 0.025 * (panel["type"] == "timeseries"), top - h + 0.02 / height * 10,
                           width - 0.025 * (panel["type"] == "timeseries"), h - title_h - 0.2 / height * 1.5])
        fig.text(left, top - 0.12 / height, panel["title"], color=TEXT, fontsize=8, weight="bold", va="center")
        if panel["type"] == "stat":
            draw_stat(ax, panel, args.prometheus, end, args.step)
        else:
            draw_timeseries(ax, panel, args.prometheus, start, end, args.step)
    fig.savefig(args.out, dpi=110, facecolor=BACKGROUND)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
