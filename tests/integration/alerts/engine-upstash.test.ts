import { upstashBackend } from './backends';
import { deliveryContract } from './delivery-contract';
import { durabilityContract } from './durability-contract';
import { quietContract } from './quiet-contract';
import { transitionsContract } from './transitions-contract';

/** The same engine suites through the Upstash REST client (the bridge in front of a private redis-server). */
const backend = upstashBackend();
transitionsContract(backend);
quietContract(backend);
deliveryContract(backend);
durabilityContract(backend);
