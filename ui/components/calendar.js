// The drag-to-book calendar: @event-calendar's prebuilt bundle (window.EventCalendar, loaded from
// /assets/vendor by calendar.py) in a Vue component. Times cross the wire as the clinic's wall-clock
// ("2026-11-23T10:00:00"): the library knows fixed offsets only, so Python does the time zones.
// Plain copies for the library: Vue's reactive proxies made drawing 500 events several times slower.
const plain = (value) => JSON.parse(JSON.stringify(value));

function wall(d) {
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:00`;
}

export default {
  template: "<div></div>",
  props: { options: Object, events: Array },
  mounted() {
    this.pending = {};
    this.seq = 0;
    const resourceOf = (r) => (r ? Number(r.id) : null);
    const change = (kind) => (info) => {
      const token = ++this.seq;
      this.pending[token] = info.revert;
      this.$emit("change", {
        token, kind, id: info.event.id, version: info.event.extendedProps.version,
        start: wall(info.event.start), end: wall(info.event.end), resourceId: resourceOf(info.newResource),
      });
    };
    const options = plain(this.options);
    if (window.innerWidth < 700) options.view = "resourceTimeGridDay"; // a week of columns does not fit a phone
    this.ec = window.EventCalendar.create(this.$el, {
      ...options,
      events: plain(this.events),
      select: (info) => {
        this.$emit("select", { start: wall(info.start), end: wall(info.end), resourceId: resourceOf(info.resource) });
        this.ec.unselect();
      },
      eventClick: (info) => {
        if (info.event.display !== "background") this.$emit("open", { id: info.event.id });
      },
      eventDrop: change("move"),
      eventResize: change("resize"),
      datesSet: (info) => this.$emit("range", { start: wall(info.start), end: wall(info.end), view: info.view.type }),
    });
    window.hearthCalendar = this.ec; // for end-to-end tests and the browser console
  },
  unmounted() {
    if (this.ec) window.EventCalendar.destroy(this.ec);
  },
  watch: {
    events(value) {
      this.ec.setOption("events", plain(value));
    },
    options: {
      handler(value, old) {
        for (const [key, option] of Object.entries(value)) {
          if (JSON.stringify(option) !== JSON.stringify(old?.[key])) this.ec.setOption(key, plain(option));
        }
      },
      deep: true,
    },
  },
  methods: {
    settle(token, ok) {
      const revert = this.pending[token];
      delete this.pending[token];
      if (!ok && revert) revert();
    },
    goto(date) {
      this.ec.setOption("date", date);
    },
  },
};
