// Tests run outside React's server environment, where `server-only` throws on import.
export {};
