/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and Node-only modules stay outside the server bundle.
  serverExternalPackages: ['better-sqlite3', 'ioredis', 'systeminformation'],
};

export default nextConfig;
