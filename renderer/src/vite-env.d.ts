/// <reference types="vite/client" />

interface Window {
  /** Set by the e2e harness (init script): turns animations off for stable screenshots. */
  __BAROMETER_TEST__?: boolean;
}
