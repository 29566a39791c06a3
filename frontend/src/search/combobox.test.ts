import { describe, expect, it } from "vitest";
import { CLOSED, comboboxReducer, handlesKey, type ComboboxAction, type ComboboxState } from "./combobox";

const run = (state: ComboboxState, ...actions: ComboboxAction[]) => actions.reduce(comboboxReducer, state);
const key = (k: string): ComboboxAction => ({ type: "key", key: k });
const opened = run(CLOSED, { type: "options", count: 3 });

describe("comboboxReducer", () => {
  it("opens when suggestions arrive, with nothing highlighted, and stays closed for none", () => {
    expect(opened).toEqual({ open: true, active: -1, count: 3, chosen: null });
    expect(run(opened, { type: "options", count: 0 })).toEqual(CLOSED);
  });

  it("moves down and up through the options, wrapping at both ends", () => {
    const down = (n: number) => run(opened, ...Array.from({ length: n }, () => key("ArrowDown"))).active;
    expect([1, 2, 3, 4].map(down)).toEqual([0, 1, 2, 0]);
    expect(run(opened, key("ArrowUp")).active).toBe(2);
    expect(run(opened, key("ArrowDown"), key("ArrowUp")).active).toBe(2);
    expect(run(opened, key("ArrowDown"), key("ArrowDown"), key("ArrowUp")).active).toBe(0);
  });

  it("chooses the highlighted option on Enter and closes", () => {
    const chosen = run(opened, key("ArrowDown"), key("ArrowDown"), key("Enter"));
    expect(chosen).toMatchObject({ open: false, active: -1, chosen: 1 });
    expect(run(chosen, key("ArrowDown"))).toMatchObject({ open: true, active: 0, chosen: null });
  });

  it("lets Enter without a highlighted option submit the typed text", () => {
    expect(handlesKey(opened, "Enter")).toBe(false);
    expect(run(opened, key("Enter"))).toMatchObject({ open: false, chosen: null });
    expect(handlesKey(run(opened, key("ArrowDown")), "Enter")).toBe(true);
  });

  it("closes on Escape and reopens with the arrows", () => {
    const closed = run(opened, key("ArrowDown"), key("Escape"));
    expect(closed).toMatchObject({ open: false, active: -1 });
    expect(handlesKey(closed, "Escape")).toBe(false);
    expect(run(closed, key("ArrowDown"))).toMatchObject({ open: true, active: 0 });
    expect(run(closed, key("ArrowUp"))).toMatchObject({ open: true, active: 2 });
  });

  it("follows the mouse and ignores keys with no options", () => {
    expect(run(opened, { type: "hover", index: 2 }).active).toBe(2);
    expect(run(opened, { type: "hover", index: 9 }).active).toBe(-1);
    expect(run(CLOSED, key("ArrowDown"))).toEqual(CLOSED);
    expect(handlesKey(CLOSED, "ArrowDown")).toBe(false);
    expect(run(opened, { type: "close" })).toMatchObject({ open: false, active: -1, count: 3 });
  });
});
