package inbox

import (
	"strconv"
	"sync"
	"time"
)

// rejectLogEvery is how often one kind of refusal (per channel and reason)
// is logged; the refusals in between are counted into the next line.
const rejectLogEvery = time.Minute

// rateLimitedLog logs refused provider calls, so an operator can find a
// wrong app secret, without letting a misconfigured or hostile sender flood
// the log. Bodies are never logged.
type rateLimitedLog struct {
	mu   sync.Mutex
	last map[string]rejectState
}

type rejectState struct {
	at         time.Time
	suppressed int
}

// rejected records a refused provider call and logs it unless the same
// refusal was logged less than rejectLogEvery ago.
func (s *Service) rejected(provider string, channelID int64, reason string, attrs ...any) {
	s.metrics.rejected.WithLabelValues(provider, reason).Inc()
	key := provider + "/" + strconv.FormatInt(channelID, 10) + "/" + reason
	now := s.now()
	l := &s.rejectLog
	l.mu.Lock()
	if l.last == nil {
		l.last = map[string]rejectState{}
	}
	st, seen := l.last[key]
	if seen && now.Sub(st.at) < rejectLogEvery {
		st.suppressed++
		l.last[key] = st
		l.mu.Unlock()
		return
	}
	l.last[key] = rejectState{at: now}
	if len(l.last) > 10000 { // bounded: forget the oldest picture entirely
		l.last = map[string]rejectState{key: {at: now}}
	}
	l.mu.Unlock()
	args := append([]any{"provider", provider, "channel_id", channelID, "reason", reason,
		"similar_since_last_line", st.suppressed}, attrs...)
	s.log.Warn("provider call refused", args...)
}
