import { redisBackend, sqliteBackend } from './backends';
import { deliveryContract } from './delivery-contract';
import { durabilityContract } from './durability-contract';
import { quietContract } from './quiet-contract';
import { transitionsContract } from './transitions-contract';

/** The alerting engine end to end on real stores, receivers and an injected clock (see kit.ts). */
for (const backend of [sqliteBackend(), redisBackend()]) {
  transitionsContract(backend);
  quietContract(backend);
  deliveryContract(backend);
  durabilityContract(backend);
}
