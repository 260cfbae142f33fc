import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';
import { RESERVED_CONCURRENCY } from './concurrency.ts';
import { API_FUNCTION_TIMEOUT } from './reports.ts';

/**
 * What the province reads across agencies (CONTRACT §8): the roll-up, the submissions and the form-06 workbooks. Reads only:
 * the profiles list (Query on gsi1), each agency's figures and report versions (Query), and for form 06 of one agency its
 * profile (GetItem).
 */
export class Province extends Concern {
  /** GET /v1/periods/{periodId}/summary and …/submissions. */
  public readonly rollup: CchcFunction;
  /** GET …/form06.xlsx of an agency and of the province. */
  public readonly form06: CchcFunction;

  constructor(scope: Construct, id: string, props: { readonly table: ITable }) {
    super(scope, id);
    this.rollup = new CchcFunction(this, 'RollupFunction', {
      entry: 'functions/rollup/rollup.handler.ts',
      description: "GET the province's roll-up and submissions of a period",
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.rollup,
    }).bindTable(props.table, ['dynamodb:Query'], { index: 'gsi1' });
    this.form06 = new CchcFunction(this, 'Form06Function', {
      entry: 'functions/form06/form06.handler.ts',
      description: 'GET form 06/VPCP/KSTT of an agency or of the province as an Excel workbook',
      timeout: API_FUNCTION_TIMEOUT,
      reservedConcurrency: RESERVED_CONCURRENCY.form06,
    }).bindTable(props.table, ['dynamodb:GetItem', 'dynamodb:Query'], { index: 'gsi1' });
  }
}
