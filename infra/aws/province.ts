import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { CchcFunction } from './cchc-function.ts';
import { Concern } from './concern.ts';

/** What the province reads across agencies (CONTRACT §8): the roll-up, the submissions and the form-06 workbooks. Reads only. */
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
    }).bindTable(props.table, 'read');
    this.form06 = new CchcFunction(this, 'Form06Function', {
      entry: 'functions/form06/form06.handler.ts',
      description: 'GET form 06/VPCP/KSTT of an agency or of the province as an Excel workbook',
    }).bindTable(props.table, 'read');
  }
}
