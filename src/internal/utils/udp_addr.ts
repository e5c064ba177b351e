// The address type every layer shares, below sys_conn.ts so that internal/ need not import it.
/** A UDP address: what Go calls *net.UDPAddr. */
export interface UDPAddr {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}
