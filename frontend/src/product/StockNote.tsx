/** The stock wording the server chose ("In stock", "Only N left", "Out of stock"), coloured by urgency. */

import "./stock.css";

/** "in", "low" or "out" for a server stock label: the label is the contract, so it decides the colour too. */
export function stockTone(label: string): "in" | "low" | "out" {
  if (label === "Out of stock") return "out";
  return label === "In stock" ? "in" : "low";
}

export function StockNote({ label, className = "" }: { label: string; className?: string }) {
  return (
    <span className={`stock ${stockTone(label)} ${className}`.trim()} data-testid="stock">
      {label}
    </span>
  );
}
