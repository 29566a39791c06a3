/** Edit one query rule (or make a new one): its condition and window, then what it does. */

import { useState, type FormEvent } from "react";
import { createRule, updateRule } from "../api/merch";
import type { Rule } from "../api/merchTypes";
import { Field, Notices, useAction } from "../site/forms";
import { BoostRows } from "./BoostRows";
import { Check } from "./controls";
import { PinList } from "./PinList";
import { ProductPicker } from "./ProductPicker";
import { RuleConditionFields } from "./RuleConditionFields";
import { RuleOutcomeFields } from "./RuleOutcomeFields";
import { addHidden, addPin, buildRuleWrite, emptyRuleForm, ruleToForm, type RuleForm } from "./ruleForm";

export function RuleEditor({ rule, onNew, onSaved }: { rule: Rule | null; onNew: () => void; onSaved: (rule: Rule) => void }) {
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleToForm(rule) : emptyRuleForm()));
  const action = useAction();
  const change = (part: Partial<RuleForm>) => setForm((f) => ({ ...f, ...part }));

  const save = (event: FormEvent) => {
    event.preventDefault();
    const built = buildRuleWrite(form);
    if (built.error !== null) return action.fail(built.error);
    void action.run(async () => {
      const saved = form.id === null ? await createRule(built.rule) : await updateRule(form.id, built.rule);
      setForm((f) => ({ ...f, id: saved.id }));
      onSaved(saved);
      return `Saved rule “${saved.name}” to the draft.`;
    });
  };

  return (
    <section className="section" aria-labelledby="rule-editor-heading">
      <div className="section-head">
        <h2 id="rule-editor-heading">{form.id === null ? "New rule" : `Edit “${rule?.name ?? form.name}”`}</h2>
        <button type="button" className="button secondary small" onClick={onNew}>
          New rule
        </button>
      </div>
      <form className="form" onSubmit={save}>
        <div className="form-row">
          <Field label="Rule name" value={form.name} onChange={(name) => change({ name })} maxLength={200} />
          <Field label="Priority" type="number" value={form.priority} onChange={(priority) => change({ priority })} hint="Higher goes first." />
        </div>
        <Check label="Enabled" checked={form.enabled} onChange={(enabled) => change({ enabled })} />
        <RuleConditionFields form={form} onChange={change} />
        <fieldset className="group">
          <legend>Pin and hide products</legend>
          <ProductPicker
            onPin={(hit) => setForm((f) => ({ ...f, pins: addPin(f.pins, hit.product_id, hit.title) }))}
            onHide={(hit) => setForm((f) => ({ ...f, hide: addHidden(f.hide, hit.product_id) }))}
          />
          <PinList pins={form.pins} onChange={(pins) => change({ pins })} />
          <Field
            label="Hide product ids"
            value={form.hide}
            onChange={(hide) => change({ hide })}
            required={false}
            hint="Comma-separated; these never show for matching queries."
          />
        </fieldset>
        <BoostRows rows={form.boosts} onChange={(boosts) => change({ boosts })} />
        <RuleOutcomeFields form={form} onChange={change} />
        <Notices error={action.error} message={action.message} />
        <button type="submit" className="button" disabled={action.busy}>
          Save rule
        </button>
      </form>
    </section>
  );
}
