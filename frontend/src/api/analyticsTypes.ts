/** Shapes of the analytics and experiments API's JSON: names for the generated OpenAPI schemas (schema.d.ts). */

import type { components } from "./schema";

type Schemas = components["schemas"];

export type Latency = Schemas["Latency"];
export type Metrics = Schemas["Metrics"];
export type QueryFigures = Schemas["QueryFigures"];
export type Report = Schemas["Report"];
export type QueryReport = Schemas["QueryReport"];
export type Segment = Schemas["Segment"];
export type SegmentReport = Schemas["SegmentReport"];
export type Ranking = Schemas["Ranking"];
export type Arm = Schemas["Arm-Output"];
export type Experiment = Schemas["ExperimentRead"];
export type ExperimentCreate = Schemas["ExperimentCreate"];
export type Comparison = Schemas["Comparison"];
export type SampleRatioCheck = Schemas["SampleRatioCheck"];
export type Stopping = Schemas["Stopping"];
export type PreferenceStopping = Schemas["PreferenceStopping"];
export type Interleaving = Schemas["Interleaving"];
export type Results = Schemas["Results"];
