// QR codes drawn in the browser as SVG: sharp in print, no request to any other origin.
// The encoder is uqr (MIT), self-hosted from node_modules by scripts/hooks/vendor_modules.py.
import { encode } from "./vendor/uqr.mjs";

const SVG = "http://www.w3.org/2000/svg";
const QUIET_ZONE = 4; // modules of white around the code, as the QR standard asks

/**
 * An <svg> element showing *text* as a QR code.
 * @param {string} text what the code holds (a URL)
 * @param {string} label what a screen reader says for the image
 * @returns {SVGSVGElement}
 */
export function qrSvg(text, label) {
  const { data, size } = encode(String(text), { ecc: "M", border: 0 });
  const full = size + 2 * QUIET_ZONE;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${full} ${full}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("class", "guide-qr");
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", String(full));
  background.setAttribute("height", String(full));
  background.setAttribute("fill", "#fff");
  svg.append(background);
  let path = "";
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    });
  });
  const modules = document.createElementNS(SVG, "path");
  modules.setAttribute("d", path);
  modules.setAttribute("fill", "#000");
  svg.append(modules);
  return svg;
}
