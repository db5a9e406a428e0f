import { purge } from '../lib/cache';

purge();
