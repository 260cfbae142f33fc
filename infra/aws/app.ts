import { App } from 'aws-cdk-lib';
import { addCchcStacks } from './cchc-app.ts';

const app = new App();
addCchcStacks(app);
app.synth();
