"""The client summary letter: where the case stands, what it is worth, what comes next."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from reportlab.platypus import Flowable

from mmi_desktop.domain.benefits import td_cap_for
from mmi_desktop.domain.firm import FirmDetails
from mmi_desktop.domain.model import (
    EVALUATOR_ROLES,
    Case,
    Language,
    MMIDeclaration,
    ResolutionKind,
    TreatmentStatus,
)
from mmi_desktop.domain.rates import deadline_periods, sjdb_rule
from mmi_desktop.domain.results import Analysis, Deadline, Flag, Severity
from mmi_desktop.domain.specialties import specialty_label
from mmi_desktop.letters.base import BaseLetter, running_head
from mmi_desktop.letters.formatting import format_date, format_money, format_number, format_percent
from mmi_desktop.letters.scripts import case_fields, isolated
from mmi_desktop.letters.text import Markup, esc

# Flags a client hears about; low ones stay with the caseworker.
CLIENT_SEVERITIES = (Severity.HIGH, Severity.MEDIUM)
# Rules whose remedy is an objection to the report (the deadline is shown beside them).
OBJECTION_RULES = frozenset(
    {
        "SURGERY_PENDING",
        "DIAGNOSTICS_PENDING",
        "SURGERY_AFTER_MMI",
        "NOT_TREATING_OR_EVALUATOR",
    }
)
# Statuses in which a decision on the item (UR, IMR) was still to come.
AWAITING_DECISION = frozenset(
    {
        TreatmentStatus.REQUESTED,
        TreatmentStatus.UNDER_REVIEW,
        TreatmentStatus.DENIED,
        TreatmentStatus.IMR_REQUESTED,
    }
)


class SummaryLetter(BaseLetter):
    """A 1–3 page letter telling the client where the case stands, in the client's language."""

    def __init__(
        self,
        case: Case,
        analysis: Analysis,
        firm: FirmDetails,
        lang: Language | None = None,
        today: date | None = None,
        *,
        draft: bool = False,
    ) -> None:
        super().__init__(firm, lang or case.client.language, draft=draft)
        self.case = case
        self.analysis = analysis
        self.today = today or analysis.as_of
        self.declaration = case.latest_declaration()
        self.title = self.t.raw("summary.title")

    # ------------------------------------------------------------------ helpers
    def s(self, key: str, **values: object) -> Markup:
        """A string of the summary letter."""
        return self.t(f"summary.{key}", **values)

    def date(self, day: date) -> str:
        return format_date(day, self.lang)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.lang)

    def quoted(self, text: str) -> Markup:
        return self.s("quote", text=text)

    def doctor(self, declaration: MMIDeclaration) -> Markup:
        provider = self.case.provider(declaration.provider)
        if provider is None:
            return self.s("doctor.unknown")
        return self.s(f"doctor.{provider.role.value}", name=provider.name)

    def running_head(self) -> str:
        # An empty value and its separator are left out: no "… · " when the firm has no name.
        values = {
            "client": isolated(self.case.client.full_name.strip()),
            "date": self.date(self.today),
            "firm": isolated(self.firm.name.strip()),
        }
        return running_head(self.t.raw("summary.running_head"), values)

    def fields(self) -> list[tuple[str, str]]:
        return [*super().fields(), *case_fields(self.case)]

    def no_rate_key(self) -> str:
        """Why a weekly rate is missing: no wage on file (ask for pay stubs), or otherwise."""
        return "no_rate" if self.case.claim.average_weekly_wage is None else "no_rate_other"

    def client_flags(self) -> list[Flag]:
        """High and medium flags, most severe first, in the analysis's order otherwise."""
        shown = [f for f in self.analysis.flags if f.severity in CLIENT_SEVERITIES]
        return sorted(shown, key=lambda f: f.severity.rank)

    def upcoming_deadlines(self) -> list[Deadline]:
        """Deadlines on or after the letter's date, nearest first."""
        resolution = self.case.resolution
        kept = self.analysis.deadlines
        if resolution is not None:
            # After a settlement only the petition for new and further disability still
            # matters, and only under an award (a compromise and release ends the claim).
            award = resolution.kind is ResolutionKind.STIPULATED_AWARD
            kept = tuple(d for d in kept if award and d.kind == "NEW_AND_FURTHER")
        return sorted(
            (d for d in kept if d.due >= self.today), key=lambda d: d.due
        )

    def declaration_of(self, flag: Flag) -> MMIDeclaration | None:
        return next((m for m in self.case.mmi_declarations if m.id == flag.declaration), None)

    def objection_deadline(self, declaration_id: str) -> Deadline | None:
        return next(
            (
                d
                for d in self.analysis.deadlines
                if d.kind == "OBJECTION_TO_REPORT" and d.declaration == declaration_id
            ),
            None,
        )

    # ------------------------------------------------------------------ the story
    def story(self) -> list[Flowable]:
        flows: list[Flowable] = []
        flows += self.opening()
        flows += self.where_it_stands()
        if self.case.resolution is not None:
            # Settled: what the settlement means for medical care replaces the concerns about
            # the MMI finding, which the settlement has put behind the client.
            flows += self.settlement()
            if self.declaration is not None:
                flows += self.restrictions()
        elif self.declaration is None:
            flows += self.td_figures()
        else:
            flows += self.rating()
            flows += self.restrictions()
            flows += self.concerns()
        flows += self.important_dates()
        # The last section and the signature stay together: a signature alone on a page
        # reads as an unsigned letter.
        flows.append(self.keep(*self.next_steps(), *self.signature()))
        return flows

    def opening(self) -> list[Flowable]:
        client, claim = self.case.client, self.case.claim
        lines = [esc(client.full_name)]
        address = client.address
        if address is not None:
            lines += [esc(x) for x in (address.line1, address.line2) if x and x.strip()]
            state_zip = " ".join(x for x in (address.state, address.zip) if x)
            city = ", ".join(x for x in (address.city, state_zip) if x)
            if city:
                lines.append(esc(city))
        refs = [self.s("ref_doi", doi=self.date(claim.date_of_injury))]
        if claim.claim_number:
            refs.insert(0, self.s("ref_claim", claim=claim.claim_number))
        if claim.adj_number:
            refs.insert(1, self.s("ref_adj", adj=claim.adj_number))
        if claim.employer:
            refs.append(self.s("ref_employer", employer=claim.employer))
        return [
            self.para(esc(self.date(self.today)), "Date"),
            self.para("<br/>".join(lines), "Address"),
            self.para(self.s("reference"), "Reference"),
            self.para(" · ".join(refs), "Body"),
            self.para(self.s("greeting", name=client.full_name), "Greeting"),
            self.para(self.s("intro", date=self.date(self.analysis.as_of))),
        ]

    def where_it_stands(self) -> list[Flowable]:
        flows: list[Flowable] = [self.heading(self.s("stands.heading"))]
        decl = self.declaration
        if decl is None and self.case.resolution is not None:
            return []  # settled before any MMI finding: the settlement section says it all
        if decl is None:
            open_td = any(p.end is None for p in self.case.temporary_disability)
            flows.append(self.para(self.s("stands.treating"), "Lead"))
            flows.extend(
                self.bullets(
                    [
                        self.s("stands.treatment_continues"),
                        self.s("stands.td_continues" if open_td else "stands.td_when_off_work"),
                    ]
                )
            )
            return flows
        flows.append(
            self.para(self.s("stands.mmi", date=self.date(decl.date), doctor=self.doctor(decl)))
        )
        if self.case.resolution is not None:
            return flows  # what follows MMI is now what the settlement says (settlement())
        flows.append(self.para(self.s("stands.meaning"), "Lead"))
        treatment = {True: "treatment_future", False: "treatment_no_future", None: ""}[
            decl.future_medical
        ] or "treatment_unknown"
        pd = self.analysis.benefits.pd
        rated = pd is not None and (pd.percent is not None or pd.permanent_total)
        flows.extend(
            self.bullets(
                [
                    self.s(f"stands.{treatment}"),
                    self.s("stands.td_ends"),
                    self.s("stands.pd_begins" if rated else "stands.pd_begins_unrated"),
                ]
            )
        )
        return flows

    def settlement(self) -> list[Flowable]:
        """How the case was resolved and what that means for future medical care."""
        resolution = self.case.resolution
        assert resolution is not None
        kind = resolution.kind.value
        if resolution.approved is not None:
            status = self.s("settled.approved", date=self.date(resolution.approved))
        elif resolution.signed is not None:
            status = self.s("settled.signed", date=self.date(resolution.signed))
        else:
            status = self.s("settled.pending")
        lead = Markup(f"{self.s(f'settled.{kind}')} {status}")
        items: list[str] = []
        if resolution.amount is not None:
            items.append(self.s(f"settled.amount_{kind}", amount=self.money(resolution.amount)))
        medical = "open" if resolution.future_medical_stays_open() else "closed"
        items.append(self.s(f"settled.medical_{kind}_{medical}"))
        items.append(self.s(f"settled.after_{kind}"))
        return [
            self.heading(self.s("settled.heading")),
            self.para(lead, "Lead"),
            *self.bullets(items),
        ]

    def td_figures(self) -> list[Flowable]:
        b = self.analysis.benefits
        flows: list[Flowable] = [self.heading(self.s("td.heading"))]
        rows: list[list[str]] = []
        if b.td_weekly_rate is not None:
            rows.append([self.s("td.weekly"), esc(self.money(b.td_weekly_rate))])
        weeks = {"weeks": format_number(b.td_weeks_paid, self.lang)}
        rows.append([self.s("td.paid"), self.s("td.weeks", **weeks)])
        # No remaining figure when the cap does not apply (an injury outside the cap's table).
        if b.td_weeks_remaining_under_cap is not None:
            limit = _td_cap_weeks(self.case)
            label = (
                self.s("td.remaining", limit=format_number(limit, self.lang))
                if limit is not None
                else self.s("td.remaining_plain")
            )
            left = {"weeks": format_number(b.td_weeks_remaining_under_cap, self.lang)}
            rows.append([label, self.s("td.weeks", **left)])
        flows.append(self.table(rows, [0.6, 0.4]))
        if b.td_weekly_rate is None:
            flows.append(self.space(6))
            flows.append(self.para(self.s(f"td.{self.no_rate_key()}")))
        return flows

    def rating(self) -> list[Flowable]:
        pd = self.analysis.benefits.pd
        flows: list[Flowable] = [self.heading(self.s("pd.heading"))]
        if pd is not None and pd.permanent_total and pd.weekly_rate is not None:
            flows.append(self.para(self.s("pd.permanent_total", weekly=self.money(pd.weekly_rate))))
            return flows
        if pd is None or pd.percent is None:
            flows.append(self.para(self.s("pd.unrated")))
            return flows
        percent = format_percent(pd.percent, self.lang)
        flows.append(
            self.para(
                self.s("pd.intro_estimate" if pd.estimate else "pd.intro", percent=percent), "Lead"
            )
        )
        rows: list[list[str]] = [[self.s("pd.rating"), esc(percent)]]
        if pd.weeks is not None:
            rows.append(
                [
                    self.s("pd.weeks_label"),
                    self.s("pd.weeks", weeks=format_number(pd.weeks, self.lang)),
                ]
            )
        if pd.weekly_rate is not None:
            rows.append([self.s("pd.weekly_label"), esc(self.money(pd.weekly_rate))])
        if pd.weeks is not None and pd.weekly_rate is not None and pd.total is not None:
            total_label = "pd.total_label_estimate" if pd.estimate else "pd.total_label"
            rows.append(
                [
                    self.s(total_label),
                    self.s(
                        "pd.formula",
                        weeks=format_number(pd.weeks, self.lang),
                        rate=self.money(pd.weekly_rate),
                        total=self.money(pd.total),
                    ),
                ]
            )
        flows.append(self.table(rows, [0.35, 0.65]))
        flows.append(self.space(6))
        if pd.weekly_rate is None:
            flows.append(self.para(self.s(f"pd.{self.no_rate_key()}")))
        if pd.estimate:
            flows.append(self.para(self.s("pd.estimate")))
        elif pd.basis == "rating":  # the schedule's full rating: say what it takes into account
            flows.append(self.para(self.s("pd.schedule")))
        if pd.life_pension_weekly is not None:
            flows.append(
                self.para(self.s("pd.life_pension", weekly=self.money(pd.life_pension_weekly)))
            )
        return flows

    def restrictions(self) -> list[Flowable]:
        decl = self.declaration
        if decl is None or not decl.restrictions:
            return []
        items: list[str] = []
        for r in decl.restrictions:
            text = esc(r.text.strip())
            if r.permanent is not None:
                mark = self.s("restrictions.permanent" if r.permanent else "restrictions.temporary")
                text = Markup(f"{text} {mark}")
            items.append(text)
        return [
            self.heading(self.s("restrictions.heading")),
            self.para(self.s("restrictions.intro"), "Lead"),
            *self.bullets(items),
        ]

    def concerns(self) -> list[Flowable]:
        flags = self.client_flags()
        if not flags:
            return []
        items = [self.flag_paragraph(f) for f in flags]
        return [
            self.heading(self.s("concerns.heading")),
            self.para(self.s("concerns.intro"), "Lead"),
            *self.bullets(items),
            self.space(4),
            self.para(self.s("concerns.you_can_help")),
        ]

    def important_dates(self) -> list[Flowable]:
        deadlines = self.upcoming_deadlines()
        if not deadlines:
            return []
        rows: list[list[str]] = []
        for d in deadlines:
            when = esc(self.date(d.due))
            if d.estimated:
                when = Markup(f"{when}<br/>{self.s('dates.estimated')}")
            rows.append([when, self.deadline_meaning(d)])
        header = [self.s("dates.date"), self.s("dates.meaning")]
        table = self.table(rows, [0.32, 0.68], header=header)
        return [self.heading(self.s("dates.heading")), table]

    def next_steps(self) -> list[Flowable]:
        if self.case.resolution is not None:
            plan = self.s("next.settled")
        elif self.declaration is None:
            plan = self.s("next.treating")
        elif self.client_flags():
            dates = [
                d.due
                for f in self.client_flags()
                if (d := self.objection_deadline(f.declaration)) and d.due >= self.today
            ]
            plan = (
                self.s("next.concerns", date=self.date(min(dates)))
                if dates
                else self.s("next.concerns_no_date")
            )
        else:
            plan = self.s("next.at_mmi")
        # A phone number is not broken across lines.
        phone = self.firm.phone.strip().replace(" ", "\u00a0")
        contact = self.s("next.contact_phone", phone=phone) if phone else self.s("next.contact")
        return [self.heading(self.s("next.heading")), self.para(f"{plan} {contact}")]

    def signature(self) -> list[Flowable]:
        block: list[Flowable] = [self.para(self.s("closing"), "Closing")]
        if self.firm.signing_attorney.strip():
            block.append(self.para(esc(self.firm.signing_attorney.strip()), "Signer"))
            if self.firm.signer_title.strip():
                block.append(self.para(esc(self.firm.signer_title.strip()), "SignerDetail"))
        if self.firm.name.strip():
            block.append(self.para(esc(self.firm.name.strip()), "SignerDetail"))
        return block

    # ------------------------------------------------------------------ flags
    def flag_paragraph(self, flag: Flag) -> Markup:
        """The client's sentence for one flag, then what the firm or client can do."""
        values = flag_values(self.case, flag)
        sentence = self.flag_sentence(flag, values)
        actions = self.flag_actions(flag, values)
        return Markup(" ".join([sentence, *actions]))

    def flag_sentence(self, flag: Flag, v: Mapping[str, object]) -> Markup:
        rule = flag.rule
        mmi_date = v.get("mmi_date")
        common: dict[str, object] = {
            "mmi_date": self.date(mmi_date) if isinstance(mmi_date, date) else "",
        }
        item = v.get("item")
        if isinstance(item, str):
            common["item"] = self.quoted(item)
        status = v.get("status")
        status_text = ""
        if isinstance(status, TreatmentStatus) and f"summary.status.{status.value}" in self.t:
            status_text = self.s("status.wrap", status=self.s(f"status.{status.value}"))
        try:
            if (
                rule
                in (
                    "SURGERY_PENDING",
                    "DIAGNOSTICS_PENDING",
                    "REFERRAL_PENDING",
                    "TREATMENT_PENDING",
                    "SURGICAL_CONSULT_PENDING",
                )
                and "item" in common
            ):
                return self.s(f"flag.{rule}", status=status_text, **common)
            if rule == "THERAPY_INCOMPLETE" and "item" in common:
                if v.get("short_course"):
                    return self.s(
                        "flag.THERAPY_INCOMPLETE_short",
                        completed=v["completed"],
                        authorized=v["authorized"],
                        **common,
                    )
                return self.s("flag.THERAPY_INCOMPLETE", status=status_text, **common)
            if rule == "SURGERY_AFTER_MMI" and "item" in common:
                event = v["event"]
                event_key = event.value if isinstance(event, TreatmentStatus) else str(event)
                return self.s(
                    "flag.SURGERY_AFTER_MMI",
                    event=self.s(f"event.{event_key}"),
                    event_date=self.fact_date(v, "event_date"),
                    **common,
                )
            if rule == "RECENT_SURGERY" and "item" in common:
                return self.s(
                    "flag.RECENT_SURGERY",
                    days=v["days"],
                    surgery_date=self.fact_date(v, "surgery_date"),
                    **common,
                )
            if rule == "EARLY_MMI":
                return self.s(
                    "flag.EARLY_MMI",
                    days=v["days"],
                    doi=self.fact_date(v, "doi"),
                    **common,
                )
            if rule == "NOT_STABLE":
                return self.s(
                    "flag.NOT_STABLE",
                    visit_date=self.fact_date(v, "visit_date"),
                    days=v["days"],
                    trend=self.s(f"trend.{v['trend']}"),
                    **common,
                )
            if rule == "BODY_PARTS_NOT_ADDRESSED":
                return self.s(
                    "flag.BODY_PARTS_NOT_ADDRESSED",
                    body_part=self.quoted(str(v["body_part"])),
                    **common,
                )
            if rule == "SPECIALTY_NOT_EVALUATED":
                state = "pending" if v["reason"] == "pending" else "never"
                return self.s(
                    "flag.SPECIALTY_NOT_EVALUATED",
                    body_part=self.quoted(str(v["body_part"])),
                    specialty=esc(specialty_label(str(v["specialty"]), self.lang)),
                    state=self.s(f"flag.SPECIALTY_NOT_EVALUATED_{state}"),
                    **common,
                )
            if rule == "FUTURE_MEDICAL_DENIED":
                return self.s("flag.FUTURE_MEDICAL_DENIED", **common)
            if rule == "NO_EXAM_AFTER_TREATMENT" and "item" in common:
                return self.s(
                    "flag.NO_EXAM_AFTER_TREATMENT",
                    last_visit=self.fact_date(v, "last_visit"),
                    completed=self.fact_date(v, "completed"),
                    **common,
                )
            if rule == "RETROACTIVE_MMI":
                return self.s(
                    "flag.RETROACTIVE_MMI",
                    report_date=self.fact_date(v, "report_date"),
                    days=v["days"],
                    **common,
                )
            if rule == "NOT_TREATING_OR_EVALUATOR":
                decl = self.declaration_of(flag)
                if decl is None or self.case.provider(decl.provider) is None:
                    raise KeyError("provider")
                return self.s("flag.NOT_TREATING_OR_EVALUATOR", doctor=self.doctor(decl), **common)
        except KeyError:  # facts missing for this rule: fall back to its title
            pass
        return self.s("flag.generic", title=flag.text(self.lang).title, **common)

    def fact_date(self, v: Mapping[str, object], key: str) -> str:
        """A date among a flag's facts, formatted; KeyError when it is not there."""
        value = v.get(key)
        if isinstance(value, str):
            value = date.fromisoformat(value)
        if not isinstance(value, date):
            raise KeyError(key)
        return self.date(value)

    def flag_actions(self, flag: Flag, v: Mapping[str, object]) -> list[Markup]:
        rule = flag.rule
        out: list[Markup] = []
        declaration = self.declaration_of(flag)
        provider = self.case.provider(declaration.provider) if declaration else None
        by_evaluator = provider is not None and provider.role in EVALUATOR_ROLES
        if by_evaluator and (rule in OBJECTION_RULES or flag.severity is Severity.HIGH):
            # No LC 4062(a) objection to a QME's or AME's report (issue 12, item 6).
            out.append(self.s("action.evaluator"))
        elif rule in OBJECTION_RULES or flag.severity is Severity.HIGH:
            deadline = self.objection_deadline(flag.declaration)
            if deadline is not None and deadline.due < self.today:
                # Too late to object: offer what can still be done. A client letter never
                # says a deadline went by (issue 16): that stays in the window.
                out.append(self.s("action.supplemental"))
            else:
                object_key = "not_ptp" if rule == "NOT_TREATING_OR_EVALUATOR" else "object"
                out.append(self.s(f"action.{object_key}"))
                if deadline is not None:
                    key = "object_deadline_estimated" if deadline.estimated else "object_deadline"
                    out.append(self.s(f"action.{key}", date=self.date(deadline.due)))
            if rule == "SURGERY_PENDING" and v.get("status") in AWAITING_DECISION:
                out.append(self.s("action.pursue_review"))
            if rule == "DIAGNOSTICS_PENDING":
                out.append(self.s("action.supplemental_results"))
        elif rule == "BODY_PARTS_NOT_ADDRESSED":
            out.append(self.s("action.supplemental_body_part"))
        else:
            out.append(self.s("action.supplemental"))
        return out

    def deadline_meaning(self, d: Deadline) -> Markup:
        kind = d.kind
        if kind == "OBJECTION_TO_REPORT":
            decl = next((m for m in self.case.mmi_declarations if m.id == d.declaration), None)
            if decl is not None:
                return self.s("dates.OBJECTION_TO_REPORT", mmi_date=self.date(decl.date))
        elif kind == "PD_FIRST_PAYMENT":
            pct = _late_increase_pct(self.case)
            if pct is not None:
                return self.s("dates.PD_FIRST_PAYMENT_late", pct=format_percent(pct, self.lang))
            return self.s("dates.PD_FIRST_PAYMENT")
        elif kind == "SJDB_OFFER_WINDOW":
            amount = _voucher_amount(self.case)
            if amount is not None:
                return self.s("dates.SJDB_OFFER_WINDOW_amount", amount=self.money(amount))
            return self.s("dates.SJDB_OFFER_WINDOW")
        elif kind == "TD_CAP":
            weeks = _td_cap_weeks(self.case)
            if weeks is not None:
                return self.s("dates.TD_CAP_weeks", weeks=format_number(weeks, self.lang))
            return self.s("dates.TD_CAP")
        elif kind == "NEW_AND_FURTHER":
            return self.s("dates.NEW_AND_FURTHER")
        # A kind this letter has no wording for: the analysis's own explanation of it.
        return esc(d.basis.get(self.lang) or d.basis.get(Language.EN, kind))


# ---------------------------------------------------------------------- facts of a flag
def flag_values(case: Case, flag: Flag) -> dict[str, object]:
    """The letter's placeholders for a flag, read from the analysis's facts (see the rule
    docstrings in domain/rules); the item and date come from the record when a fact is absent.
    """
    f = flag.facts
    v: dict[str, object] = {}
    decl = next((m for m in case.mmi_declarations if m.id == flag.declaration), None)
    v["mmi_date"] = _as_date(f.get("mmi_date")) or (decl.date if decl else None)
    treatment = next((t for ref in flag.evidence if (t := case.treatment(ref))), None)
    item = f.get("item") or (treatment.description if treatment else None)
    if item:
        v["item"] = str(item)
    status = _as_status(f.get("status"))
    rule = flag.rule
    if rule == "SURGERY_AFTER_MMI":
        v["event"] = status
        v["event_date"] = _as_date(f.get("date"))
    elif rule == "RECENT_SURGERY":
        v["surgery_date"] = _as_date(f.get("date"))
        v["days"] = f.get("days_before")
    elif rule == "THERAPY_INCOMPLETE":
        v["status"] = status
        v["short_course"] = f.get("reason") == "short_course"
        v["completed"] = f.get("completed_visits")
        v["authorized"] = f.get("authorized_visits")
    elif rule == "EARLY_MMI":
        v["days"] = f.get("days")
        v["doi"] = _as_date(f.get("date_of_injury")) or case.claim.date_of_injury
    elif rule == "NOT_STABLE":
        v["visit_date"] = _as_date(f.get("visit_date"))
        v["days"] = f.get("days")
        v["trend"] = f.get("trend")
    elif rule == "BODY_PARTS_NOT_ADDRESSED":
        v["body_part"] = f.get("body_part")
    elif rule == "SPECIALTY_NOT_EVALUATED":
        v["body_part"] = f.get("body_part")
        v["specialty"] = f.get("specialty")
        v["reason"] = f.get("reason")
    elif rule == "NO_EXAM_AFTER_TREATMENT":
        v["last_visit"] = _as_date(f.get("last_visit"))
        v["completed"] = _as_date(f.get("completed"))
    elif rule == "RETROACTIVE_MMI":
        v["report_date"] = _as_date(f.get("report_date"))
        v["days"] = f.get("days")
    else:
        v["status"] = status
    return {k: x for k, x in v.items() if x is not None}


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _as_status(value: object) -> TreatmentStatus | None:
    try:
        return TreatmentStatus(str(value)) if value is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------------- rate-table figures
def _td_cap_weeks(case: Case) -> int | None:
    row = td_cap_for(case).value
    return row.max_weeks if row is not None else None


def _voucher_amount(case: Case) -> Decimal | None:
    row = sjdb_rule(case.claim.date_of_injury).value
    return row.voucher_amount if row is not None else None


def _late_increase_pct(case: Case) -> int | None:
    row = deadline_periods(case.claim.date_of_injury).value
    return row.pd_late_increase_pct if row is not None else None


def render_summary_letter(
    case: Case,
    analysis: Analysis,
    firm: FirmDetails,
    lang: Language | None = None,
    today: date | None = None,
    *,
    draft: bool = False,
) -> bytes:
    """The client summary letter as PDF bytes (lang None: the client's language); a draft
    has DRAFT across every page."""
    return SummaryLetter(case, analysis, firm, lang, today, draft=draft).render()
