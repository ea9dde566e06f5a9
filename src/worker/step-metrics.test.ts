import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, test } from 'vitest';
import { PendingSteps } from './step-metrics';
import { countTensorReads } from './test-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

test('pending steps come back exactly, in order, in one download, and leave no tensor behind', async () => {
  const before = tf.memory().numTensors;
  const pending = new PendingSteps();
  pending.add(tf.scalar(0.123456789), tf.scalar(7, 'int32'), 8);
  pending.add(tf.scalar(NaN), tf.scalar(0, 'int32'), 8);
  pending.add(tf.scalar(2.5), tf.scalar(3, 'int32'), 4);
  expect(pending.length).toBe(3);
  const { value: values, counts } = await countTensorReads(() => pending.read());
  expect(counts.data).toBe(1);
  expect(values.map((v) => v.size)).toEqual([8, 8, 4]);
  expect(values.map((v) => v.correct)).toEqual([7, 0, 3]);
  expect(values[0]!.loss).toBe(Math.fround(0.123456789));
  expect(values[1]!.loss).toBeNaN();
  expect(values[2]!.loss).toBe(2.5);
  expect(pending.length).toBe(0);
  expect(await pending.read()).toEqual([]);
  expect(tf.memory().numTensors).toBe(before);
});

test('dispose drops pending steps without reading them', () => {
  const before = tf.memory().numTensors;
  const pending = new PendingSteps();
  pending.add(tf.scalar(1), tf.scalar(1, 'int32'), 2);
  pending.dispose();
  expect(pending.length).toBe(0);
  expect(tf.memory().numTensors).toBe(before);
});
