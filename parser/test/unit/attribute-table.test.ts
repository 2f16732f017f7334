import { describe, expect, it } from 'vitest';
import {
  buildObjectTables,
  SPAWN_LOCATION,
  SPAWN_LOCATION_ROTATION,
  SPAWN_NONE,
} from '../../src/network/attribute-table.js';
import { KIND_CODE } from '../../src/network/attributes/kinds.js';
import { normalizeObjectName, ObjectIndex } from '../../src/network/object-index.js';
import { parseReplay } from '../../src/index.js';
import { corpusAvailable, readReplay } from '../helpers/corpus.js';

describe('object name normalisation', () => {
  it('maps map-level objects to one class entry, with or without a map prefix', () => {
    expect(normalizeObjectName('Stadium_P.TheWorld:PersistentLevel.VehiclePickup_Boost_TA_12')).toBe(
      'TheWorld:PersistentLevel.VehiclePickup_Boost_TA',
    );
    expect(normalizeObjectName('TheWorld:PersistentLevel.CrowdActor_TA_3')).toBe(
      'TheWorld:PersistentLevel.CrowdActor_TA',
    );
    expect(normalizeObjectName('Archetypes.Car.Car_Default')).toBe('Archetypes.Car.Car_Default');
  });
});

describe.skipIf(!corpusAvailable)('attribute tables and spawn kinds (good/3381.replay)', () => {
  const { body } = parseReplay(readReplay('good/3381.replay'), { network: 'never' });
  const index = new ObjectIndex(body.objects);
  const tables = buildObjectTables(body, index);
  const id = (name: string) => index.byName(name)!;
  const streamOf = (object: string, attribute: string) => {
    const t = tables.attributes[id(object)]!;
    return t.attributeObjects.findIndex((o) => o === id(attribute));
  };

  it('an archetype inherits attributes from every ancestor class', () => {
    const car = tables.attributes[id('Archetypes.Car.Car_Default')]!;
    const rb = streamOf('Archetypes.Car.Car_Default', 'TAGame.RBActor_TA:ReplicatedRBState');
    expect(rb).toBeGreaterThanOrEqual(0);
    expect(car.kinds[rb]).toBe(KIND_CODE.RigidBody);
    expect(streamOf('Archetypes.Car.Car_Default', 'TAGame.Car_TA:TeamPaint')).toBeGreaterThanOrEqual(0);
    expect(streamOf('Archetypes.Car.Car_Default', 'Engine.Actor:Role')).toBeGreaterThanOrEqual(0);
    // stream ids are read with SerializeInt(max): max = largest stream id + 1
    const largest = Math.max(...car.kinds.map((k, s) => (k === undefined ? -1 : s)));
    expect(car.max).toBe(largest + 1);
    expect(car.bits).toBe(32 - Math.clz32(car.max) - 1);
  });

  it('spawn kinds follow the class: rigid bodies carry location and rotation, game events location only', () => {
    expect(tables.spawn[id('Archetypes.Car.Car_Default')]).toBe(SPAWN_LOCATION_ROTATION);
    expect(tables.spawn[id('Archetypes.Ball.Ball_Default')]).toBe(SPAWN_LOCATION_ROTATION);
    expect(tables.spawn[id('Archetypes.GameEvent.GameEvent_Soccar')]).toBe(SPAWN_LOCATION);
    expect(tables.spawn[id('TAGame.Default__PRI_TA')]).toBe(SPAWN_LOCATION);
    const crowd = body.objects.findIndex(
      (o) => normalizeObjectName(o) === 'TheWorld:PersistentLevel.CrowdActor_TA',
    );
    if (crowd >= 0) expect(tables.spawn[crowd]).toBe(SPAWN_NONE);
  });

  it('attribute names are objects with no class hierarchy of their own', () => {
    expect(tables.attributes[id('TAGame.RBActor_TA:ReplicatedRBState')]).toBeNull();
  });
});
