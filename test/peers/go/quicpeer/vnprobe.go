package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// probeVersion is a reserved version of the form 0x?a?a?a?a (RFC 9000 §15): no server supports it.
const probeVersion = 0x1a2a3a4a

// vnProbe sends a 1200-byte long-header datagram with an unknown version and prints the
// Version Negotiation reply as "vn versions=0x00000001,...", checking that the reply
// echoes the connection IDs swapped (RFC 9000 §6.1, §17.2.1).
func vnProbe(ctx context.Context, o *options) error {
	remote, err := net.ResolveUDPAddr("udp", o.addr)
	if err != nil {
		return err
	}
	udp, err := net.DialUDP("udp", &net.UDPAddr{IP: loopbackOf(remote.IP)}, remote)
	if err != nil {
		return err
	}
	defer udp.Close()
	dcid, scid := make([]byte, 8), make([]byte, 8)
	rand.Read(dcid)
	rand.Read(scid)
	probe := make([]byte, 1200)
	probe[0] = 0xc0 // long header, fixed bit; the rest is version-specific and ignored
	binary.BigEndian.PutUint32(probe[1:], probeVersion)
	probe[5] = byte(len(dcid))
	copy(probe[6:], dcid)
	probe[14] = byte(len(scid))
	copy(probe[15:], scid)

	deadline, _ := ctx.Deadline()
	buf := make([]byte, 1500)
	for time.Now().Before(deadline) {
		if _, err := udp.Write(probe); err != nil {
			return err
		}
		udp.SetReadDeadline(minTime(deadline, time.Now().Add(500*time.Millisecond)))
		n, err := udp.Read(buf)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			continue
		}
		if err != nil {
			return err
		}
		versions, err := parseVersionNegotiation(buf[:n], dcid, scid)
		if err != nil {
			return err
		}
		fmt.Printf("vn versions=%s\n", strings.Join(versions, ","))
		return nil
	}
	return errors.New("vn-probe: no Version Negotiation packet before the timeout")
}

func parseVersionNegotiation(p, dcid, scid []byte) ([]string, error) {
	if len(p) < 7 || p[0]&0x80 == 0 || binary.BigEndian.Uint32(p[1:5]) != 0 {
		return nil, errors.New("vn-probe: reply is not a Version Negotiation packet")
	}
	rest := p[5:]
	var ids [2][]byte
	for i := range ids {
		if len(rest) < 1 || len(rest) < 1+int(rest[0]) {
			return nil, errors.New("vn-probe: truncated connection ID")
		}
		ids[i], rest = rest[1:1+int(rest[0])], rest[1+int(rest[0]):]
	}
	if string(ids[0]) != string(scid) || string(ids[1]) != string(dcid) {
		return nil, errors.New("vn-probe: Version Negotiation does not echo the connection IDs")
	}
	if len(rest) == 0 || len(rest)%4 != 0 {
		return nil, fmt.Errorf("vn-probe: version list of %d bytes", len(rest))
	}
	var versions []string
	for ; len(rest) > 0; rest = rest[4:] {
		versions = append(versions, fmt.Sprintf("0x%08x", binary.BigEndian.Uint32(rest)))
	}
	return versions, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
