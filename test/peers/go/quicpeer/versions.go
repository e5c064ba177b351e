package main

import (
	"fmt"
	"strconv"
	"strings"

	quic "github.com/lucas-clemente/quic-go"
)

type versionNumber = quic.VersionNumber

// parseVersions reads -versions. quic-go 0.29 refuses any version it does not implement
// (client.go: "is not a valid QUIC version"), so the list may hold only v1, v2 and draft-29.
// Offering v2 or draft-29 first to a v1-only server exercises Version Negotiation (RFC 9000 §6);
// -op vn-probe sends a truly unknown version.
func parseVersions(list string) ([]versionNumber, error) {
	var vs []versionNumber
	for _, s := range strings.Split(list, ",") {
		var v versionNumber
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "v1", "1":
			v = quic.Version1
		case "v2":
			v = quic.Version2
		case "draft29", "draft-29":
			v = quic.VersionDraft29
		default:
			n, err := strconv.ParseUint(strings.TrimPrefix(strings.ToLower(s), "0x"), 16, 32)
			if err != nil {
				return nil, fmt.Errorf("bad version %q", s)
			}
			v = versionNumber(n)
		}
		if v != quic.Version1 && v != quic.Version2 && v != quic.VersionDraft29 {
			return nil, fmt.Errorf("version %s: quic-go 0.29 only offers v1, v2 and draft-29", v)
		}
		vs = append(vs, v)
	}
	return vs, nil
}
