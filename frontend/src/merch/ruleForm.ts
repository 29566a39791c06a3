/** The rule editor's form state (text as typed) and its conversion to and from the API's rule. */

import type { BoostField, MatchKind, Rule, RuleWrite } from "../api/merchTypes";
import { joinList, parseIds, parseList } from "./lists";

export interface PinRow {
  product_id: number;
  /** Known when picked from search results or looked up; null until then. */
  title: string | null;
  position: string;
}

export interface BoostRow {
  /** Stable React key of the row. */
  key: number;
  field: BoostField;
  name: string;
  value: string;
  weight: string;
}

export interface RuleForm {
  /** The rule being edited, or null for a new one. */
  id: string | null;
  name: string;
  enabled: boolean;
  priority: string;
  match: MatchKind;
  pattern: string;
  brand: string;
  type: string;
  /** datetime-local values ("2025-03-01T09:00"), "" for none. */
  startsAt: string;
  endsAt: string;
  pins: PinRow[];
  hide: string;
  boosts: BoostRow[];
  filterBrand: string;
  filterType: string;
  redirect: string;
  bannerText: string;
  bannerLink: string;
}

let lastKey = 0;

export function newBoostRow(): BoostRow {
  return { key: ++lastKey, field: "brand", name: "", value: "", weight: "1" };
}

export function emptyRuleForm(): RuleForm {
  return {
    id: null,
    name: "",
    enabled: true,
    priority: "0",
    match: "is",
    pattern: "",
    brand: "",
    type: "",
    startsAt: "",
    endsAt: "",
    pins: [],
    hide: "",
    boosts: [],
    filterBrand: "",
    filterType: "",
    redirect: "",
    bannerText: "",
    bannerLink: "",
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as a datetime-local value in this browser's time zone; "" for none or nonsense. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value as an ISO string with time zone (UTC); null for "", undefined when it is no time. */
export function fromLocalInput(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function ruleToForm(rule: Rule): RuleForm {
  const { condition, consequence } = rule;
  return {
    id: rule.id,
    name: rule.name,
    enabled: rule.enabled,
    priority: String(rule.priority),
    match: condition.match,
    pattern: condition.pattern,
    brand: joinList(condition.brand),
    type: joinList(condition.type),
    startsAt: toLocalInput(rule.starts_at),
    endsAt: toLocalInput(rule.ends_at),
    pins: consequence.pins.map((pin) => ({ product_id: pin.product_id, title: null, position: String(pin.position) })),
    hide: joinList(consequence.hide),
    boosts: consequence.boosts.map((boost) => ({
      key: ++lastKey,
      field: boost.field,
      name: boost.name ?? "",
      value: boost.value,
      weight: String(boost.weight),
    })),
    filterBrand: joinList(consequence.filter_brand),
    filterType: joinList(consequence.filter_type),
    redirect: consequence.redirect ?? "",
    bannerText: consequence.banner?.text ?? "",
    bannerLink: consequence.banner?.link ?? "",
  };
}

export type Built = { rule: RuleWrite; error: null } | { rule: null; error: string };

const fail = (error: string): Built => ({ rule: null, error });
const orNull = (text: string) => text.trim() || null;
const isWhole = (text: string) => /^-?\d+$/.test(text.trim());

/** The API's RuleWrite from the form, or the first thing typed that cannot be sent. Other checks are the API's. */
export function buildRuleWrite(form: RuleForm): Built {
  if (!isWhole(form.priority)) return fail("Priority must be a whole number.");
  const startsAt = fromLocalInput(form.startsAt);
  const endsAt = fromLocalInput(form.endsAt);
  if (startsAt === undefined) return fail("Starts at is not a date and time.");
  if (endsAt === undefined) return fail("Ends at is not a date and time.");
  const pins = [];
  for (const pin of form.pins) {
    const position = Number(pin.position);
    if (!isWhole(pin.position) || position < 1 || position > 100)
      return fail(`The position of product ${pin.product_id} must be a whole number from 1 to 100.`);
    pins.push({ product_id: pin.product_id, position });
  }
  const hide = parseIds(form.hide);
  if (hide.ids === null) return fail(`Hide product ids: “${hide.bad}” is not a product id.`);
  const boosts = [];
  for (const row of form.boosts) {
    const weight = Number(row.weight);
    if (!row.weight.trim() || !Number.isFinite(weight) || weight < -10 || weight > 10)
      return fail(`The weight of the boost on “${row.value}” must be a number from -10 to 10.`);
    if (row.field === "attribute" && !row.name.trim()) return fail(`The boost on “${row.value}” needs an attribute name.`);
    boosts.push({ field: row.field, name: row.field === "attribute" ? row.name.trim() : null, value: row.value.trim(), weight });
  }
  const bannerText = form.bannerText.trim();
  if (!bannerText && form.bannerLink.trim()) return fail("A banner link needs banner text.");
  return {
    error: null,
    rule: {
      name: form.name.trim(),
      enabled: form.enabled,
      priority: Number(form.priority),
      condition: { match: form.match, pattern: form.pattern.trim(), brand: parseList(form.brand), type: parseList(form.type) },
      starts_at: startsAt,
      ends_at: endsAt,
      consequence: {
        pins,
        hide: hide.ids,
        boosts,
        filter_brand: parseList(form.filterBrand),
        filter_type: parseList(form.filterType),
        redirect: orNull(form.redirect),
        banner: bannerText ? { text: bannerText, link: orNull(form.bannerLink) } : null,
      },
    },
  };
}

/** Add a product to the pins at the next free position (1 when none), unless it is pinned already. */
export function addPin(pins: PinRow[], product_id: number, title: string): PinRow[] {
  if (pins.some((pin) => pin.product_id === product_id)) return pins;
  const taken = new Set(pins.map((pin) => Number(pin.position)));
  let position = 1;
  while (taken.has(position) && position < 100) position++;
  return [...pins, { product_id, title, position: String(position) }];
}

/** Add a product id to the "Hide product ids" text, unless it is there already. */
export function addHidden(hide: string, product_id: number): string {
  const current = parseList(hide);
  return current.includes(String(product_id)) ? hide : joinList([...current, product_id]);
}
