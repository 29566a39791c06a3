/** "Why here?" on a result card: the model's score and the features that moved it most (staff only). */

import type { Explanation } from "../api/types";
import "../site/console.css";
import { formatFeatureValue, rankingLabel, topContributions } from "./explain";

export function WhyHere({ explanation }: { explanation: Explanation }) {
  const { lines, more } = topContributions(explanation.features);
  return (
    <details className="why" data-testid="why-here">
      <summary>Why here?</summary>
      <p className="why-score">
        {rankingLabel(explanation.model)} score {formatFeatureValue(explanation.score)}
      </p>
      {lines.length > 0 ? (
        <table className="why-table">
          <caption className="visually-hidden">Features by contribution to the score</caption>
          <thead>
            <tr>
              <th scope="col">Feature</th>
              <th scope="col">Value</th>
              <th scope="col">Contribution</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => (
              <tr key={`${index}-${line.name}`}>
                <th scope="row">{line.name}</th>
                <td>{line.value}</td>
                <td className={`contribution ${line.direction}`}>{line.contribution}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="why-more">No feature breakdown for this ranking.</p>
      )}
      {more > 0 ? <p className="why-more">…and {more} more</p> : null}
    </details>
  );
}
