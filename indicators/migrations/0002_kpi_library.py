"""Load the built-in KPI library: templates per area, in Dutch and English.

Each template suggests a unit, a direction (higher is better, lower is better, or within a
range), a measurement frequency, whether it is a leading or a lagging indicator and whether it
reflects what the customer experiences. The data is kept inline so that this migration stays
frozen even when the templates are edited later through the app or a newer migration.

customer_facing is only True for numbers the customer perceives directly (survey scores,
waiting and resolution times, delivery reliability, complaints, page speed). Outcomes such as
churn or retention are the result of that experience, not a measure of it, so they are False.
"""

from django.db import migrations

KPI_TEMPLATES = (
    # --- Finance -------------------------------------------------------------------------------
    {
        "slug": "revenue-growth",
        "area": "finance",
        "name_nl": "Omzetgroei",
        "name_en": "Revenue growth",
        "definition_nl": (
            "De procentuele stijging of daling van de omzet ten opzichte van dezelfde periode een "
            "jaar eerder: omzet nu min omzet vorig jaar, gedeeld door omzet vorig jaar, keer 100."
        ),
        "definition_en": (
            "The percentage rise or fall in revenue compared with the same period a year earlier: "
            "current revenue minus last year's revenue, divided by last year's revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "gross-margin",
        "area": "finance",
        "name_nl": "Brutomarge",
        "name_en": "Gross margin",
        "definition_nl": (
            "Welk deel van de omzet overblijft nadat de directe kosten van wat je verkocht hebt "
            "eraf zijn: omzet min kostprijs van de omzet, gedeeld door de omzet, keer 100."
        ),
        "definition_en": (
            "The share of revenue left after deducting the direct cost of what was sold: revenue "
            "minus cost of goods sold, divided by revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "net-profit-margin",
        "area": "finance",
        "name_nl": "Nettowinstmarge",
        "name_en": "Net profit margin",
        "definition_nl": (
            "Hoeveel er van elke euro omzet als winst overblijft nadat alle kosten, rente en "
            "belastingen zijn betaald: nettowinst gedeeld door omzet, keer 100."
        ),
        "definition_en": (
            "How much of every euro of revenue is kept as profit once all costs, interest and "
            "taxes are paid: net profit divided by revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "ebitda",
        "area": "finance",
        "name_nl": "EBITDA",
        "name_en": "EBITDA",
        "definition_nl": (
            "Het resultaat uit de kernactiviteiten, los van financiering en investeringen: "
            "nettowinst plus rentelasten, belastingen, afschrijvingen en amortisatie over de "
            "periode."
        ),
        "definition_en": (
            "What the core business earns, independent of financing and past investments: net "
            "profit plus interest, taxes, depreciation and amortisation for the period."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "ebitda-margin",
        "area": "finance",
        "name_nl": "EBITDA-marge",
        "name_en": "EBITDA margin",
        "definition_nl": (
            "De EBITDA uitgedrukt als deel van de omzet, zodat je de winstgevendheid van de "
            "bedrijfsvoering door de jaren heen kunt vergelijken: EBITDA gedeeld door omzet, keer "
            "100."
        ),
        "definition_en": (
            "EBITDA expressed as a share of revenue, so operating profitability can be compared "
            "across years and with peers: EBITDA divided by revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "days-sales-outstanding",
        "area": "finance",
        "name_nl": "Debiteurendagen (DSO)",
        "name_en": "Days sales outstanding (DSO)",
        "definition_nl": (
            "Hoeveel dagen klanten er gemiddeld over doen om hun facturen te betalen: openstaande "
            "debiteuren aan het eind van de periode, gedeeld door de omzet op rekening in die "
            "periode, keer het aantal dagen van de periode."
        ),
        "definition_en": (
            "How many days customers take on average to pay their invoices: receivables "
            "outstanding at period end, divided by credit sales in the period, times the number of "
            "days in the period."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "current-ratio",
        "area": "finance",
        "name_nl": "Current ratio (liquiditeit)",
        "name_en": "Current ratio",
        "definition_nl": (
            "Of je de schulden die binnen een jaar vervallen kunt betalen uit je vlottende "
            "middelen: vlottende activa (voorraad, debiteuren, banksaldo) gedeeld door kortlopende "
            "schulden. Een waarde tussen 1,5 en 2 geldt meestal als gezond."
        ),
        "definition_en": (
            "Whether debts due within a year can be paid from current assets: current assets "
            "(stock, receivables, cash) divided by current liabilities. A value between 1.5 and 2 "
            "is usually considered healthy."
        ),
        "unit": "ratio",
        "direction": "range",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "solvency-ratio",
        "area": "finance",
        "name_nl": "Solvabiliteit",
        "name_en": "Solvency ratio",
        "definition_nl": (
            "Het aandeel eigen vermogen in het totale vermogen, een maat voor hoe goed de "
            "onderneming tegenvallers kan opvangen en aan haar verplichtingen op lange termijn "
            "voldoet: eigen vermogen gedeeld door balanstotaal, keer 100."
        ),
        "definition_en": (
            "The share of equity in total assets, showing how well the business can absorb "
            "setbacks and meet its long-term obligations: equity divided by total assets, times "
            "100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "operating-cash-flow",
        "area": "finance",
        "name_nl": "Operationele kasstroom",
        "name_en": "Operating cash flow",
        "definition_nl": (
            "Het geld dat de gewone bedrijfsactiviteiten in de periode netto binnenbrengen: "
            "ontvangsten van klanten min betalingen aan leveranciers, personeel en de fiscus, "
            "zonder investeringen en financiering."
        ),
        "definition_en": (
            "The net cash generated by day-to-day operations in the period: receipts from "
            "customers minus payments to suppliers, staff and tax authorities, leaving out "
            "investing and financing."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "working-capital",
        "area": "finance",
        "name_nl": "Werkkapitaal",
        "name_en": "Working capital",
        "definition_nl": (
            "Vlottende activa min kortlopende schulden: het geld dat vastzit in voorraad en "
            "debiteuren na aftrek van wat je op korte termijn moet betalen. Te weinig is een "
            "liquiditeitsrisico, te veel is geld dat stilligt."
        ),
        "definition_en": (
            "Current assets minus current liabilities: the money tied up in stock and receivables "
            "after what must be paid shortly. Too little is a liquidity risk; too much is idle "
            "cash."
        ),
        "unit": "eur",
        "direction": "range",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "budget-variance",
        "area": "finance",
        "name_nl": "Budgetafwijking",
        "name_en": "Budget variance",
        "definition_nl": (
            "Hoeveel de werkelijke kosten of opbrengsten afwijken van de begroting: werkelijk min "
            "begroot, gedeeld door begroot, keer 100. Zowel een flinke over- als onderschrijding "
            "vraagt om uitleg."
        ),
        "definition_en": (
            "How far actual costs or income deviate from budget: actual minus budgeted, divided by "
            "budgeted, times 100. A large overrun and a large underspend both need explaining."
        ),
        "unit": "percent",
        "direction": "range",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "operating-expense-ratio",
        "area": "finance",
        "name_nl": "Kostenratio (bedrijfskosten in % van de omzet)",
        "name_en": "Operating expense ratio",
        "definition_nl": (
            "Welk deel van de omzet opgaat aan bedrijfskosten zoals personeel, huisvesting en "
            "overhead: totale operationele kosten gedeeld door omzet, keer 100."
        ),
        "definition_en": (
            "The share of revenue consumed by operating costs such as staff, premises and "
            "overhead: total operating expenses divided by revenue, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "annual-recurring-revenue",
        "area": "finance",
        "name_nl": "Jaarlijks terugkerende omzet (ARR)",
        "name_en": "Annual recurring revenue (ARR)",
        "definition_nl": (
            "De omzet uit lopende abonnementen en contracten, omgerekend naar een jaarbedrag: "
            "maandelijks terugkerende omzet keer 12. Eenmalige opbrengsten zoals implementatie of "
            "advies tellen niet mee."
        ),
        "definition_en": (
            "Revenue from active subscriptions and contracts, converted to a yearly amount: "
            "monthly recurring revenue times 12. One-off income such as set-up fees or consulting "
            "is excluded."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "net-revenue-retention",
        "area": "finance",
        "name_nl": "Netto omzetbehoud (NRR)",
        "name_en": "Net revenue retention (NRR)",
        "definition_nl": (
            "Hoeveel terugkerende omzet van bestaande klanten je na twaalf maanden nog hebt: omzet "
            "aan het begin plus uitbreidingen, min downgrades en opzeggingen, gedeeld door omzet "
            "aan het begin, keer 100."
        ),
        "definition_en": (
            "How much recurring revenue from existing customers remains after twelve months: "
            "starting revenue plus expansion, minus downgrades and cancellations, divided by "
            "starting revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    # --- Customers -----------------------------------------------------------------------------
    {
        "slug": "net-promoter-score",
        "area": "customers",
        "name_nl": "Net Promoter Score (NPS)",
        "name_en": "Net Promoter Score (NPS)",
        "definition_nl": (
            "Klanten geven op een schaal van 0 tot en met 10 aan hoe waarschijnlijk het is dat ze "
            "je aanbevelen. NPS is het percentage promotors (9 of 10) min het percentage critici "
            "(0 tot en met 6), dus een getal tussen -100 en +100."
        ),
        "definition_en": (
            "Customers rate from 0 to 10 how likely they are to recommend you. NPS is the "
            "percentage of promoters (9 or 10) minus the percentage of detractors (0 to 6), giving "
            "a number between -100 and +100."
        ),
        "unit": "score",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "customer-satisfaction-score",
        "area": "customers",
        "name_nl": "Klanttevredenheid (CSAT)",
        "name_en": "Customer satisfaction score (CSAT)",
        "definition_nl": (
            "Direct na een levering of contact vraag je de klant hoe tevreden hij is op een schaal "
            "van 1 tot en met 5. CSAT is het aantal antwoorden met een 4 of 5, gedeeld door alle "
            "antwoorden, keer 100."
        ),
        "definition_en": (
            "Right after a delivery or contact, customers rate their satisfaction on a 1 to 5 "
            "scale. CSAT is the number of 4 and 5 ratings divided by all ratings, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "customer-effort-score",
        "area": "customers",
        "name_nl": "Klantinspanningsscore (CES)",
        "name_en": "Customer effort score (CES)",
        "definition_nl": (
            "Hoe makkelijk het voor de klant was om zijn vraag of probleem geregeld te krijgen, "
            "beoordeeld op een schaal van 1 (heel moeilijk) tot 7 (heel makkelijk). De score is "
            "het gemiddelde van alle antwoorden in de periode."
        ),
        "definition_en": (
            "How easy it was for customers to get their question or problem sorted, rated from 1 "
            "(very hard) to 7 (very easy). The score is the average of all responses in the "
            "period."
        ),
        "unit": "score",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    {
        "slug": "customer-churn-rate",
        "area": "customers",
        "name_nl": "Klantverloop (churn)",
        "name_en": "Customer churn rate",
        "definition_nl": (
            "Het deel van je klanten dat in de periode afhaakt: aantal klanten dat opzegt of niet "
            "meer koopt, gedeeld door het aantal klanten aan het begin van de periode, keer 100."
        ),
        "definition_en": (
            "The share of customers lost during the period: customers who cancel or stop buying, "
            "divided by the number of customers at the start of the period, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "customer-retention-rate",
        "area": "customers",
        "name_nl": "Klantbehoud",
        "name_en": "Customer retention rate",
        "definition_nl": (
            "Welk deel van de klanten van het begin van de periode aan het eind nog klant is: "
            "klanten aan het eind min de nieuwe klanten, gedeeld door klanten aan het begin, keer "
            "100."
        ),
        "definition_en": (
            "The share of customers from the start of the period who are still customers at the "
            "end: customers at end minus new customers, divided by customers at start, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "complaints-per-thousand-orders",
        "area": "customers",
        "name_nl": "Klachten per 1.000 orders",
        "name_en": "Complaints per 1,000 orders",
        "definition_nl": (
            "Het aantal geregistreerde klachten in de periode, gedeeld door het aantal orders en "
            "keer 1.000. Door per duizend te rekenen blijft het cijfer vergelijkbaar als het "
            "volume groeit of krimpt."
        ),
        "definition_en": (
            "The number of logged complaints in the period, divided by the number of orders and "
            "multiplied by 1,000. Normalising per thousand keeps the figure comparable as volume "
            "changes."
        ),
        "unit": "ratio",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "first-contact-resolution",
        "area": "customers",
        "name_nl": "Oplossing bij eerste contact (FCR)",
        "name_en": "First contact resolution (FCR)",
        "definition_nl": (
            "Het deel van de klantvragen dat in één keer is opgelost, zonder terugbellen, "
            "doorverbinden of vervolgticket: in één keer opgeloste vragen gedeeld door alle "
            "afgehandelde vragen, keer 100."
        ),
        "definition_en": (
            "The share of customer queries settled in a single contact, with no call-back, "
            "transfer or follow-up ticket: queries resolved first time divided by all handled "
            "queries, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    {
        "slug": "average-ticket-resolution-time",
        "area": "customers",
        "name_nl": "Gemiddelde oplostijd van tickets",
        "name_en": "Average ticket resolution time",
        "definition_nl": (
            "De gemiddelde tijd van het aanmaken van een ticket tot het sluiten ervan als "
            "opgelost: de opgetelde oplostijden gedeeld door het aantal opgeloste tickets. Kies "
            "kalender- of werkuren en houd dat vast."
        ),
        "definition_en": (
            "The average time from opening a ticket to closing it as resolved: the sum of "
            "resolution times divided by the number of resolved tickets. Choose calendar or "
            "business hours and stick to it."
        ),
        "unit": "hours",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    {
        "slug": "first-response-time",
        "area": "customers",
        "name_nl": "Eerste reactietijd",
        "name_en": "First response time",
        "definition_nl": (
            "Hoe lang een klant gemiddeld wacht op een eerste inhoudelijke reactie op zijn vraag "
            "via mail, chat of webformulier. Een automatische ontvangstbevestiging telt niet als "
            "reactie."
        ),
        "definition_en": (
            "How long customers wait on average for a first real reply to a question sent by "
            "email, chat or web form. An automatic acknowledgement does not count as a reply."
        ),
        "unit": "hours",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    {
        "slug": "queries-answered-within-24-hours",
        "area": "customers",
        "name_nl": "Klantvragen binnen 24 uur beantwoord",
        "name_en": "Queries answered within 24 hours",
        "definition_nl": (
            "Het deel van de binnengekomen klantvragen dat binnen 24 uur een inhoudelijk antwoord "
            "krijgt: vragen beantwoord binnen 24 uur gedeeld door alle vragen in de periode, keer "
            "100."
        ),
        "definition_en": (
            "The share of incoming customer queries that get a substantive answer within 24 hours: "
            "queries answered within 24 hours divided by all queries in the period, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    {
        "slug": "repeat-purchase-rate",
        "area": "customers",
        "name_nl": "Percentage herhaalaankopen",
        "name_en": "Repeat purchase rate",
        "definition_nl": (
            "Het deel van de kopende klanten dat in de periode meer dan één keer bestelt: klanten "
            "met twee of meer aankopen gedeeld door alle klanten die iets kochten, keer 100."
        ),
        "definition_en": (
            "The share of buying customers who order more than once in the period: customers with "
            "two or more purchases divided by all customers who bought, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "customer-lifetime-value",
        "area": "customers",
        "name_nl": "Klantwaarde (CLV)",
        "name_en": "Customer lifetime value (CLV)",
        "definition_nl": (
            "De brutomarge die een gemiddelde klant oplevert over de hele duur van de relatie: "
            "gemiddelde brutomarge per klant per jaar keer het gemiddelde aantal jaren dat een "
            "klant blijft."
        ),
        "definition_en": (
            "The gross margin an average customer brings in over the whole relationship: average "
            "yearly gross margin per customer times the average number of years a customer stays."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "paying-customers",
        "area": "customers",
        "name_nl": "Aantal betalende klanten",
        "name_en": "Number of paying customers",
        "definition_nl": (
            "Het aantal klanten met een actief betaald abonnement of minstens één betaalde aankoop "
            "in de periode, geteld op de laatste dag van de periode."
        ),
        "definition_en": (
            "The number of customers with an active paid subscription or at least one paid "
            "purchase in the period, counted on the last day of the period."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "average-review-rating",
        "area": "customers",
        "name_nl": "Gemiddelde reviewscore",
        "name_en": "Average review rating",
        "definition_nl": (
            "Het gemiddelde aantal sterren dat klanten in de periode geven in openbare reviews, "
            "bijvoorbeeld op Google of een reviewplatform, op een schaal van 1 tot en met 5."
        ),
        "definition_en": (
            "The average star rating customers give in public reviews during the period, for "
            "instance on Google or a review platform, on a scale of 1 to 5."
        ),
        "unit": "score",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    # --- Process -------------------------------------------------------------------------------
    {
        "slug": "on-time-delivery-rate",
        "area": "process",
        "name_nl": "Leverbetrouwbaarheid",
        "name_en": "On-time delivery rate",
        "definition_nl": (
            "Het deel van de orders dat volledig en op de met de klant afgesproken datum is "
            "geleverd: op tijd en compleet geleverde orders gedeeld door alle geleverde orders, "
            "keer 100."
        ),
        "definition_en": (
            "The share of orders delivered complete and on the date agreed with the customer: "
            "orders delivered on time and in full divided by all delivered orders, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "order-lead-time",
        "area": "process",
        "name_nl": "Levertijd",
        "name_en": "Order lead time",
        "definition_nl": (
            "Het gemiddelde aantal dagen tussen het plaatsen van de bestelling door de klant en de "
            "levering bij de klant: opgetelde levertijden gedeeld door het aantal geleverde "
            "orders."
        ),
        "definition_en": (
            "The average number of days between the customer placing an order and receiving it: "
            "the sum of lead times divided by the number of delivered orders."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "process-cycle-time",
        "area": "process",
        "name_nl": "Doorlooptijd",
        "name_en": "Process cycle time",
        "definition_nl": (
            "De gemiddelde tijd van start tot afronding van een order, aanvraag of dossier binnen "
            "je eigen proces: opgetelde doorlooptijden gedeeld door het aantal afgeronde items. "
            "Leg vooraf vast wat telt als begin en als eind."
        ),
        "definition_en": (
            "The average time from start to finish of an order, request or case inside your own "
            "process: the sum of cycle times divided by the number of completed items. Agree up "
            "front what counts as start and end."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "defect-rate",
        "area": "process",
        "name_nl": "Foutpercentage",
        "name_en": "Defect rate",
        "definition_nl": (
            "Het deel van de geproduceerde eenheden of opgeleverde producten dat een fout bevat: "
            "afgekeurde of defecte eenheden gedeeld door het totaal aantal geproduceerde eenheden, "
            "keer 100."
        ),
        "definition_en": (
            "The share of units produced or products delivered that contain a defect: rejected or "
            "faulty units divided by total units produced, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "first-pass-yield",
        "area": "process",
        "name_nl": "Goed in één keer (first pass yield)",
        "name_en": "First pass yield",
        "definition_nl": (
            "Het deel van de eenheden of dossiers dat het proces in één keer goed doorloopt, "
            "zonder herstel, herbewerking of afkeur: in één keer goed gedeeld door het totaal "
            "aantal gestarte, keer 100."
        ),
        "definition_en": (
            "The share of units or cases that pass through the process right first time, with no "
            "repair, rework or rejection: right-first-time units divided by all units started, "
            "times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "overall-equipment-effectiveness",
        "area": "process",
        "name_nl": "Overall equipment effectiveness (OEE)",
        "name_en": "Overall equipment effectiveness (OEE)",
        "definition_nl": (
            "Hoe productief een machine of lijn draait vergeleken met het theoretische maximum: "
            "beschikbaarheid keer prestatiegraad keer kwaliteitsgraad, elk als fractie. Ongeveer "
            "85% wordt vaak als wereldklasse gezien."
        ),
        "definition_en": (
            "How productive a machine or line is compared with its theoretical maximum: "
            "availability times performance rate times quality rate, each as a fraction. Around "
            "85% is often seen as world class."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "inventory-turnover",
        "area": "process",
        "name_nl": "Omloopsnelheid van de voorraad",
        "name_en": "Inventory turnover",
        "definition_nl": (
            "Hoe vaak de voorraad per jaar wordt omgezet: kostprijs van de omzet over de laatste "
            "twaalf maanden gedeeld door de gemiddelde voorraadwaarde. Hoe hoger, hoe minder geld "
            "er in de voorraad vastzit."
        ),
        "definition_en": (
            "How many times stock is turned over per year: cost of goods sold over the last twelve "
            "months divided by average inventory value. The higher it is, the less cash is tied up "
            "in stock."
        ),
        "unit": "ratio",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "sla-compliance-rate",
        "area": "process",
        "name_nl": "Naleving servicenormen (SLA)",
        "name_en": "SLA compliance rate",
        "definition_nl": (
            "Het deel van de meldingen of opdrachten dat binnen de met de klant afgesproken "
            "servicenorm is afgehandeld: binnen de SLA afgehandeld gedeeld door alles wat is "
            "afgehandeld, keer 100."
        ),
        "definition_en": (
            "The share of requests or jobs completed within the service level agreed with the "
            "customer: items handled within the SLA divided by all items handled, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "perfect-order-rate",
        "area": "process",
        "name_nl": "Percentage foutloze orders",
        "name_en": "Perfect order rate",
        "definition_nl": (
            "Het deel van de orders dat zonder enige fout bij de klant aankomt: op tijd, compleet, "
            "onbeschadigd en met een correcte factuur. Foutloze orders gedeeld door alle orders, "
            "keer 100."
        ),
        "definition_en": (
            "The share of orders that reach the customer without any error: on time, complete, "
            "undamaged and correctly invoiced. Perfect orders divided by all orders, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "cost-per-order",
        "area": "process",
        "name_nl": "Kosten per order",
        "name_en": "Cost per order",
        "definition_nl": (
            "De totale kosten van orderverwerking in de periode (personeel, verpakking, systemen "
            "en verzending), gedeeld door het aantal afgehandelde orders."
        ),
        "definition_en": (
            "The total cost of processing orders in the period (staff, packaging, systems and "
            "shipping), divided by the number of orders handled."
        ),
        "unit": "eur",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "work-backlog",
        "area": "process",
        "name_nl": "Werkvoorraad",
        "name_en": "Work backlog",
        "definition_nl": (
            "Het aantal orders, tickets of dossiers dat aan het eind van de periode nog openstaat. "
            "Een groeiende werkvoorraad is een vroeg signaal dat doorlooptijden en levertijden "
            "gaan oplopen."
        ),
        "definition_en": (
            "The number of orders, tickets or cases still open at the end of the period. A growing "
            "backlog is an early warning that cycle and lead times are about to rise."
        ),
        "unit": "count",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "capacity-utilisation",
        "area": "process",
        "name_nl": "Bezettingsgraad",
        "name_en": "Capacity utilisation",
        "definition_nl": (
            "Het deel van de beschikbare capaciteit (machine-uren of declarabele uren) dat "
            "productief is ingezet: ingezette uren gedeeld door beschikbare uren, keer 100. Te "
            "laag kost geld, te hoog laat geen ruimte voor pieken."
        ),
        "definition_en": (
            "The share of available capacity (machine hours or billable hours) actually used "
            "productively: hours used divided by hours available, times 100. Too low wastes money; "
            "too high leaves no room for peaks."
        ),
        "unit": "percent",
        "direction": "range",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "unplanned-downtime",
        "area": "process",
        "name_nl": "Ongeplande stilstand",
        "name_en": "Unplanned downtime",
        "definition_nl": (
            "Het aantal uren dat machines, lijnen of systemen in de periode onverwacht stilliggen "
            "door storingen, gemeten van het moment van uitval tot het moment dat alles weer "
            "draait."
        ),
        "definition_en": (
            "The number of hours machines, lines or systems are unexpectedly out of action in the "
            "period, measured from the moment of failure until everything runs again."
        ),
        "unit": "hours",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "reported-defects",
        "area": "process",
        "name_nl": "Aantal gemelde fouten en bugs",
        "name_en": "Number of reported defects and bugs",
        "definition_nl": (
            "Het aantal nieuwe meldingen van fouten in product of software dat in de periode via "
            "klanten, support of monitoring binnenkomt, nadat dubbele meldingen zijn samengevoegd."
        ),
        "definition_en": (
            "The number of new reports of product or software faults received in the period from "
            "customers, support or monitoring, after merging duplicate reports."
        ),
        "unit": "count",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": True,
    },
    {
        "slug": "forecast-accuracy",
        "area": "process",
        "name_nl": "Nauwkeurigheid van de vraagvoorspelling",
        "name_en": "Demand forecast accuracy",
        "definition_nl": (
            "Hoe dicht de voorspelde vraag bij de werkelijke vraag lag: 100 min de absolute "
            "afwijking tussen voorspelling en werkelijkheid als percentage van de werkelijke "
            "vraag."
        ),
        "definition_en": (
            "How close forecast demand came to actual demand: 100 minus the absolute difference "
            "between forecast and actual, expressed as a percentage of actual demand."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    # --- People / HR ---------------------------------------------------------------------------
    {
        "slug": "absenteeism-rate",
        "area": "people",
        "name_nl": "Verzuimpercentage",
        "name_en": "Absenteeism rate",
        "definition_nl": (
            "Het deel van de beschikbare werkdagen dat medewerkers ziek zijn: ziektedagen gedeeld "
            "door het aantal medewerkers keer de beschikbare werkdagen, keer 100, omgerekend naar "
            "deeltijdfactor."
        ),
        "definition_en": (
            "The share of available working days lost to sickness: sick days divided by the number "
            "of employees times available working days, times 100, adjusted for part-time "
            "contracts."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "absence-frequency",
        "area": "people",
        "name_nl": "Meldingsfrequentie verzuim",
        "name_en": "Sickness absence frequency",
        "definition_nl": (
            "Hoe vaak medewerkers zich gemiddeld ziek melden: aantal nieuwe ziekmeldingen in de "
            "periode gedeeld door het gemiddelde aantal medewerkers. Een hoge frequentie wijst "
            "vaak op werkdruk of weinig betrokkenheid."
        ),
        "definition_en": (
            "How often employees report sick on average: new sickness reports in the period "
            "divided by the average headcount. A high frequency often points to work pressure or "
            "low engagement."
        ),
        "unit": "ratio",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "employee-turnover-rate",
        "area": "people",
        "name_nl": "Personeelsverloop",
        "name_en": "Employee turnover rate",
        "definition_nl": (
            "Het deel van de medewerkers dat in de periode vertrekt: aantal vertrokken medewerkers "
            "gedeeld door het gemiddelde aantal medewerkers, keer 100. Kijk apart naar vrijwillig "
            "vertrek, want daar valt het meest te sturen."
        ),
        "definition_en": (
            "The share of employees who leave during the period: leavers divided by average "
            "headcount, times 100. Look at voluntary leavers separately, as that is where you have "
            "most influence."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "first-year-turnover",
        "area": "people",
        "name_nl": "Verloop binnen het eerste jaar",
        "name_en": "First-year turnover",
        "definition_nl": (
            "Het deel van de nieuwe medewerkers dat binnen twaalf maanden na indiensttreding weer "
            "vertrekt: vertrokken binnen een jaar gedeeld door het aantal nieuwe medewerkers uit "
            "dezelfde instroomgroep, keer 100."
        ),
        "definition_en": (
            "The share of new hires who leave within twelve months of joining: leavers within a "
            "year divided by the number of hires in the same intake group, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "employee-net-promoter-score",
        "area": "people",
        "name_nl": "Medewerker-NPS (eNPS)",
        "name_en": "Employee Net Promoter Score (eNPS)",
        "definition_nl": (
            "Medewerkers geven op een schaal van 0 tot en met 10 aan hoe waarschijnlijk het is dat "
            "ze de organisatie als werkgever aanraden. eNPS is het percentage promotors (9 of 10) "
            "min het percentage critici (0 tot en met 6)."
        ),
        "definition_en": (
            "Employees rate from 0 to 10 how likely they are to recommend the organisation as an "
            "employer. eNPS is the percentage of promoters (9 or 10) minus the percentage of "
            "detractors (0 to 6)."
        ),
        "unit": "score",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "employee-satisfaction-score",
        "area": "people",
        "name_nl": "Medewerkerstevredenheid",
        "name_en": "Employee satisfaction score",
        "definition_nl": (
            "Het gemiddelde rapportcijfer dat medewerkers in het periodieke medewerkersonderzoek "
            "geven op de vraag hoe tevreden ze zijn met hun werk, op een schaal van 1 tot en met "
            "10."
        ),
        "definition_en": (
            "The average mark employees give in the periodic staff survey when asked how satisfied "
            "they are with their job, on a scale of 1 to 10."
        ),
        "unit": "score",
        "direction": "higher",
        "frequency": "yearly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "training-hours-per-employee",
        "area": "people",
        "name_nl": "Opleidingsuren per medewerker",
        "name_en": "Training hours per employee",
        "definition_nl": (
            "Het totaal aantal uren aan gevolgde trainingen, cursussen en opleidingen in de "
            "periode, gedeeld door het gemiddelde aantal medewerkers. Tel in fte of in koppen, "
            "maar steeds op dezelfde manier."
        ),
        "definition_en": (
            "Total hours spent on training, courses and education in the period, divided by the "
            "average number of employees. Count in FTE or in heads, but always the same way."
        ),
        "unit": "hours",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "time-to-hire",
        "area": "people",
        "name_nl": "Doorlooptijd werving (time to hire)",
        "name_en": "Time to hire",
        "definition_nl": (
            "Het gemiddelde aantal kalenderdagen tussen het openstellen van een vacature en het "
            "moment dat de gekozen kandidaat het contract tekent, berekend over de vacatures die "
            "in de periode zijn ingevuld."
        ),
        "definition_en": (
            "The average number of calendar days between opening a vacancy and the chosen "
            "candidate signing the contract, calculated over vacancies filled in the period."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "open-vacancies",
        "area": "people",
        "name_nl": "Openstaande vacatures",
        "name_en": "Open vacancies",
        "definition_nl": (
            "Het aantal goedgekeurde vacatures dat op de peildatum nog niet is ingevuld. Zet het "
            "af tegen de formatie om te zien hoeveel capaciteit er ontbreekt."
        ),
        "definition_en": (
            "The number of approved vacancies still unfilled on the reference date. Compare it "
            "with planned headcount to see how much capacity is missing."
        ),
        "unit": "count",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "offer-acceptance-rate",
        "area": "people",
        "name_nl": "Acceptatiegraad van aanbiedingen",
        "name_en": "Offer acceptance rate",
        "definition_nl": (
            "Het deel van de kandidaten dat een aanbod voor een arbeidsovereenkomst accepteert: "
            "geaccepteerde aanbiedingen gedeeld door alle gedane aanbiedingen, keer 100."
        ),
        "definition_en": (
            "The share of candidates who accept a job offer: accepted offers divided by all offers "
            "made, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "salary-competitiveness-ratio",
        "area": "people",
        "name_nl": "Salarispositie ten opzichte van de markt",
        "name_en": "Salary competitiveness ratio",
        "definition_nl": (
            "Hoe je salarissen zich verhouden tot de markt: gemiddeld salaris per functie gedeeld "
            "door de marktmediaan voor vergelijkbare functies uit een salarisbenchmark. Rond 1,0 "
            "betekent marktconform."
        ),
        "definition_en": (
            "How your pay compares with the market: average salary per role divided by the market "
            "median for comparable roles from a salary benchmark. Around 1.0 means in line with "
            "the market."
        ),
        "unit": "ratio",
        "direction": "range",
        "frequency": "yearly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "development-reviews-completed",
        "area": "people",
        "name_nl": "Gevoerde ontwikkelgesprekken",
        "name_en": "Development reviews completed",
        "definition_nl": (
            "Het deel van de medewerkers met wie in de periode een ontwikkel- of "
            "beoordelingsgesprek is gevoerd en vastgelegd: medewerkers met een afgerond gesprek "
            "gedeeld door alle medewerkers, keer 100."
        ),
        "definition_en": (
            "The share of employees who had a development or appraisal conversation that was "
            "recorded in the period: employees with a completed review divided by all employees, "
            "times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "yearly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "internal-fill-rate",
        "area": "people",
        "name_nl": "Interne doorstroom",
        "name_en": "Internal fill rate",
        "definition_nl": (
            "Het deel van de ingevulde vacatures dat door een eigen medewerker wordt vervuld: "
            "interne benoemingen gedeeld door alle ingevulde vacatures, keer 100."
        ),
        "definition_en": (
            "The share of filled vacancies taken by an existing employee: internal appointments "
            "divided by all filled vacancies, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "yearly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "revenue-per-fte",
        "area": "people",
        "name_nl": "Omzet per fte",
        "name_en": "Revenue per FTE",
        "definition_nl": (
            "De omzet in de periode gedeeld door het gemiddelde aantal fte in dezelfde periode; "
            "een grove maat voor de productiviteit van de organisatie als geheel."
        ),
        "definition_en": (
            "Revenue in the period divided by the average number of FTEs in the same period; a "
            "broad measure of the productivity of the organisation as a whole."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    # --- Sales ---------------------------------------------------------------------------------
    {
        "slug": "lead-to-customer-conversion-rate",
        "area": "sales",
        "name_nl": "Conversie van lead naar klant",
        "name_en": "Lead-to-customer conversion rate",
        "definition_nl": (
            "Het deel van de gekwalificeerde leads dat in de periode klant wordt: leads die een "
            "eerste order plaatsen of tekenen, gedeeld door het aantal gekwalificeerde leads, keer "
            "100."
        ),
        "definition_en": (
            "The share of qualified leads that become customers in the period: leads who place a "
            "first order or sign, divided by the number of qualified leads, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "average-deal-size",
        "area": "sales",
        "name_nl": "Gemiddelde dealwaarde",
        "name_en": "Average deal size",
        "definition_nl": (
            "De gemiddelde waarde van een gewonnen deal: de totale contractwaarde van alle deals "
            "die in de periode gewonnen zijn, gedeeld door het aantal gewonnen deals."
        ),
        "definition_en": (
            "The average value of a won deal: the total contract value of all deals won in the "
            "period, divided by the number of deals won."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "weighted-pipeline-value",
        "area": "sales",
        "name_nl": "Gewogen waarde van de salespipeline",
        "name_en": "Weighted pipeline value",
        "definition_nl": (
            "De verwachte waarde van alle openstaande verkoopkansen: per kans de dealwaarde keer "
            "de slaagkans die bij de fase hoort, en dat opgeteld. Een gevulde pipeline voorspelt "
            "de omzet van de komende kwartalen."
        ),
        "definition_en": (
            "The expected value of all open opportunities: for each one, deal value times the "
            "probability attached to its stage, summed. A well-filled pipeline predicts revenue "
            "for the coming quarters."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "pipeline-coverage",
        "area": "sales",
        "name_nl": "Pipelinedekking",
        "name_en": "Pipeline coverage ratio",
        "definition_nl": (
            "Hoeveel keer de openstaande pipeline het nog te halen omzettarget dekt: waarde van de "
            "open kansen voor de periode gedeeld door het resterende target. Een dekking van "
            "ongeveer 3 geldt vaak als veilig."
        ),
        "definition_en": (
            "How many times open pipeline covers the revenue target still to be reached: value of "
            "open opportunities for the period divided by the remaining target. Coverage of about "
            "3 is often seen as safe."
        ),
        "unit": "ratio",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "win-rate",
        "area": "sales",
        "name_nl": "Hitrate (gewonnen offertes)",
        "name_en": "Win rate",
        "definition_nl": (
            "Het deel van de afgeronde verkoopkansen of offertes dat je wint: gewonnen deals "
            "gedeeld door gewonnen plus verloren deals, keer 100. Kansen die nog openstaan tellen "
            "niet mee."
        ),
        "definition_en": (
            "The share of closed opportunities or quotes that you win: deals won divided by deals "
            "won plus deals lost, times 100. Opportunities still open are left out."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "new-customers",
        "area": "sales",
        "name_nl": "Aantal nieuwe klanten",
        "name_en": "New customers acquired",
        "definition_nl": (
            "Het aantal klanten dat in de periode voor het eerst iets koopt of een contract "
            "tekent. Klanten die na een lange stilte terugkomen, tel je apart."
        ),
        "definition_en": (
            "The number of customers who buy or sign a contract for the first time in the period. "
            "Count returning customers after a long gap separately."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "sales-cycle-length",
        "area": "sales",
        "name_nl": "Lengte van de verkoopcyclus",
        "name_en": "Sales cycle length",
        "definition_nl": (
            "Het gemiddelde aantal dagen van het eerste contact of het aanmaken van de verkoopkans "
            "tot het tekenen van de deal, berekend over de deals die in de periode gewonnen zijn."
        ),
        "definition_en": (
            "The average number of days from first contact, or creation of the opportunity, to "
            "signing the deal, calculated over deals won in the period."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "quota-attainment",
        "area": "sales",
        "name_nl": "Targetrealisatie",
        "name_en": "Quota attainment",
        "definition_nl": (
            "In hoeverre verkopers of teams hun verkooptarget halen: gerealiseerde verkoop in de "
            "periode gedeeld door het target voor die periode, keer 100."
        ),
        "definition_en": (
            "How far salespeople or teams reach their sales target: sales achieved in the period "
            "divided by the target for that period, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "deals-lost-to-competitors",
        "area": "sales",
        "name_nl": "Aandeel deals verloren aan concurrenten",
        "name_en": "Share of deals lost to competitors",
        "definition_nl": (
            "Het deel van de verloren verkoopkansen waarbij de klant voor een concurrent koos, "
            "gedeeld door alle verloren kansen, keer 100. Leg bij elk verlies de reden en de "
            "concurrent vast."
        ),
        "definition_en": (
            "The share of lost opportunities where the customer chose a competitor, divided by all "
            "lost opportunities, times 100. Record the reason and the competitor for every loss."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "market-share",
        "area": "sales",
        "name_nl": "Marktaandeel",
        "name_en": "Market share",
        "definition_nl": (
            "Jouw omzet of afzet als deel van de totale markt in je segment en regio: eigen omzet "
            "gedeeld door de totale marktomzet volgens branchecijfers, keer 100."
        ),
        "definition_en": (
            "Your revenue or volume as a share of the total market in your segment and region: own "
            "revenue divided by total market revenue from industry figures, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "yearly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "sales-meetings-held",
        "area": "sales",
        "name_nl": "Gevoerde verkoopgesprekken",
        "name_en": "Sales meetings held",
        "definition_nl": (
            "Het aantal verkoopgesprekken en klantbezoeken (fysiek of online) dat per verkoper in "
            "de periode is gevoerd; een activiteitencijfer dat vooruitloopt op pipeline en omzet."
        ),
        "definition_en": (
            "The number of sales conversations and customer visits (in person or online) held per "
            "salesperson in the period; an activity figure that runs ahead of pipeline and "
            "revenue."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "upsell-revenue-share",
        "area": "sales",
        "name_nl": "Aandeel omzet uit upsell en cross-sell",
        "name_en": "Upsell and cross-sell revenue share",
        "definition_nl": (
            "Het deel van de nieuwe omzet dat komt van bestaande klanten die meer of aanvullende "
            "producten afnemen: upsell- en cross-sellomzet gedeeld door alle nieuwe omzet, keer "
            "100."
        ),
        "definition_en": (
            "The share of new revenue coming from existing customers who buy more or additional "
            "products: upsell and cross-sell revenue divided by all new revenue, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "quote-turnaround-time",
        "area": "sales",
        "name_nl": "Doorlooptijd van offertes",
        "name_en": "Quote turnaround time",
        "definition_nl": (
            "Het gemiddelde aantal werkdagen tussen de offerteaanvraag van de klant en het "
            "versturen van de offerte. Een snelle offerte vergroot de kans op een order."
        ),
        "definition_en": (
            "The average number of working days between a customer's request for a quote and the "
            "quote being sent. A fast quote improves the chance of winning the order."
        ),
        "unit": "days",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
    # --- Marketing -----------------------------------------------------------------------------
    {
        "slug": "marketing-qualified-leads",
        "area": "marketing",
        "name_nl": "Aantal marketing qualified leads (MQL's)",
        "name_en": "Marketing qualified leads (MQLs)",
        "definition_nl": (
            "Het aantal nieuwe leads in de periode dat voldoet aan de met sales afgesproken "
            "criteria, zoals een passend profiel en genoeg interactie, en daarom aan sales wordt "
            "overgedragen."
        ),
        "definition_en": (
            "The number of new leads in the period that meet the criteria agreed with sales, such "
            "as a matching profile and enough engagement, and are therefore handed over to sales."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "mql-to-sql-rate",
        "area": "marketing",
        "name_nl": "Doorstroom van MQL naar SQL",
        "name_en": "MQL-to-SQL conversion rate",
        "definition_nl": (
            "Het deel van de door marketing aangeleverde leads dat sales na een eerste gesprek "
            "accepteert als serieuze verkoopkans: aantal SQL's gedeeld door aantal MQL's, keer "
            "100."
        ),
        "definition_en": (
            "The share of leads supplied by marketing that sales accepts as a real opportunity "
            "after a first conversation: number of SQLs divided by number of MQLs, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "cost-per-lead",
        "area": "marketing",
        "name_nl": "Kosten per lead",
        "name_en": "Cost per lead",
        "definition_nl": (
            "De totale uitgaven aan leadgeneratie in de periode (media, tools, bureaus, events), "
            "gedeeld door het aantal nieuwe leads dat dat heeft opgeleverd."
        ),
        "definition_en": (
            "Total spend on lead generation in the period (media, tools, agencies, events), "
            "divided by the number of new leads it produced."
        ),
        "unit": "eur",
        "direction": "lower",
        "frequency": "monthly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "customer-acquisition-cost",
        "area": "marketing",
        "name_nl": "Klantwervingskosten (CAC)",
        "name_en": "Customer acquisition cost (CAC)",
        "definition_nl": (
            "Wat het gemiddeld kost om één nieuwe klant binnen te halen: alle marketing- en "
            "salesuitgaven in de periode gedeeld door het aantal nieuwe klanten in diezelfde "
            "periode."
        ),
        "definition_en": (
            "The average cost of winning one new customer: all marketing and sales spend in the "
            "period divided by the number of new customers in that same period."
        ),
        "unit": "eur",
        "direction": "lower",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "ltv-to-cac-ratio",
        "area": "marketing",
        "name_nl": "Verhouding klantwaarde en wervingskosten (LTV:CAC)",
        "name_en": "LTV to CAC ratio",
        "definition_nl": (
            "Hoeveel een klant oplevert in verhouding tot wat het kostte om hem te werven: "
            "klantwaarde (CLV) gedeeld door klantwervingskosten (CAC). Een verhouding van 3 of "
            "meer wordt vaak als gezond gezien."
        ),
        "definition_en": (
            "How much a customer is worth relative to what it cost to win them: customer lifetime "
            "value divided by customer acquisition cost. A ratio of 3 or more is often considered "
            "healthy."
        ),
        "unit": "ratio",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "brand-awareness",
        "area": "marketing",
        "name_nl": "Naamsbekendheid",
        "name_en": "Brand awareness",
        "definition_nl": (
            "Het deel van je doelgroep dat je merk kent, gemeten met een periodiek representatief "
            "onderzoek: respondenten die het merk noemen of herkennen gedeeld door alle "
            "respondenten, keer 100. Houd spontane en geholpen bekendheid apart."
        ),
        "definition_en": (
            "The share of your target audience that knows your brand, measured in a periodic "
            "representative survey: respondents who name or recognise it divided by all "
            "respondents, times 100. Keep unaided and aided awareness apart."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "yearly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "marketing-roi",
        "area": "marketing",
        "name_nl": "Marketingrendement (marketing-ROI)",
        "name_en": "Marketing ROI",
        "definition_nl": (
            "Wat marketing netto oplevert per geïnvesteerde euro: brutomarge uit aan marketing "
            "toegeschreven omzet min de marketingkosten, gedeeld door de marketingkosten, keer "
            "100."
        ),
        "definition_en": (
            "The net return per euro invested in marketing: gross margin from revenue attributed "
            "to marketing minus marketing costs, divided by marketing costs, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "share-of-voice",
        "area": "marketing",
        "name_nl": "Share of voice",
        "name_en": "Share of voice",
        "definition_nl": (
            "Jouw aandeel in de zichtbaarheid binnen je markt: eigen vermeldingen, advertenties of "
            "mediabestedingen gedeeld door het totaal van jou en je belangrijkste concurrenten "
            "samen, keer 100."
        ),
        "definition_en": (
            "Your share of visibility in your market: your own mentions, ads or media spend "
            "divided by the total for you and your main competitors together, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "quarterly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "content-downloads",
        "area": "marketing",
        "name_nl": "Downloads van content",
        "name_en": "Content downloads",
        "definition_nl": (
            "Het aantal downloads van whitepapers, e-books, checklists en andere content achter "
            "een formulier in de periode, zonder dubbele downloads door dezelfde persoon."
        ),
        "definition_en": (
            "The number of downloads of white papers, e-books, checklists and other gated content "
            "in the period, excluding repeat downloads by the same person."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "campaign-response-rate",
        "area": "marketing",
        "name_nl": "Responspercentage van campagnes",
        "name_en": "Campaign response rate",
        "definition_nl": (
            "Het deel van de bereikte personen dat op een campagne reageert met een aanmelding, "
            "aanvraag of bestelling: aantal reacties gedeeld door aantal bereikte ontvangers, keer "
            "100."
        ),
        "definition_en": (
            "The share of people reached who respond to a campaign with a sign-up, enquiry or "
            "order: number of responses divided by number of recipients reached, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "marketing-sourced-pipeline",
        "area": "marketing",
        "name_nl": "Pipeline uit marketing",
        "name_en": "Marketing-sourced pipeline",
        "definition_nl": (
            "De totale waarde van nieuwe verkoopkansen die in de periode zijn ontstaan uit een "
            "lead die marketing heeft aangeleverd."
        ),
        "definition_en": (
            "The total value of new sales opportunities created in the period that originated from "
            "a lead supplied by marketing."
        ),
        "unit": "eur",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "marketing-spend-ratio",
        "area": "marketing",
        "name_nl": "Marketingbudget in % van de omzet",
        "name_en": "Marketing spend as a share of revenue",
        "definition_nl": (
            "De marketinguitgaven in de periode gedeeld door de omzet van dezelfde periode, keer "
            "100. Vergelijk dit met je branche en met je groeiambitie."
        ),
        "definition_en": (
            "Marketing spend in the period divided by revenue in the same period, times 100. "
            "Compare it with your industry and with your growth ambition."
        ),
        "unit": "percent",
        "direction": "range",
        "frequency": "quarterly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    # --- Online marketing ----------------------------------------------------------------------
    {
        "slug": "website-sessions",
        "area": "online_marketing",
        "name_nl": "Websitebezoeken (sessies)",
        "name_en": "Website sessions",
        "definition_nl": (
            "Het aantal bezoeken aan je website in de periode volgens je analysetool; één bezoeker "
            "kan meerdere sessies hebben. Filter eigen medewerkers en bots eruit."
        ),
        "definition_en": (
            "The number of visits to your website in the period according to your analytics tool; "
            "one visitor can have several sessions. Filter out internal staff and bots."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "bounce-rate",
        "area": "online_marketing",
        "name_nl": "Bouncepercentage",
        "name_en": "Bounce rate",
        "definition_nl": (
            "Het deel van de websitebezoeken waarin de bezoeker na één pagina vertrekt zonder "
            "verdere interactie: sessies zonder interactie gedeeld door alle sessies, keer 100."
        ),
        "definition_en": (
            "The share of website visits in which the visitor leaves after one page without "
            "further interaction: sessions without engagement divided by all sessions, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "click-through-rate",
        "area": "online_marketing",
        "name_nl": "Doorklikratio (CTR)",
        "name_en": "Click-through rate (CTR)",
        "definition_nl": (
            "Het deel van de vertoningen van een advertentie, zoekresultaat of link dat tot een "
            "klik leidt: aantal klikken gedeeld door aantal vertoningen, keer 100."
        ),
        "definition_en": (
            "The share of impressions of an ad, search result or link that lead to a click: number "
            "of clicks divided by number of impressions, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "email-open-rate",
        "area": "online_marketing",
        "name_nl": "Openingspercentage e-mail",
        "name_en": "Email open rate",
        "definition_nl": (
            "Het deel van de afgeleverde e-mails dat wordt geopend: unieke opens gedeeld door "
            "afgeleverde e-mails, keer 100. Privacyfuncties van mailprogramma's blazen dit cijfer "
            "op, dus kijk ook naar kliks."
        ),
        "definition_en": (
            "The share of delivered emails that are opened: unique opens divided by delivered "
            "emails, times 100. Mail privacy features inflate this figure, so look at clicks as "
            "well."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "email-click-through-rate",
        "area": "online_marketing",
        "name_nl": "Doorklikratio e-mail",
        "name_en": "Email click-through rate",
        "definition_nl": (
            "Het deel van de afgeleverde e-mails waarin de ontvanger op minstens één link klikt: "
            "unieke klikkers gedeeld door afgeleverde e-mails, keer 100."
        ),
        "definition_en": (
            "The share of delivered emails in which the recipient clicks at least one link: unique "
            "clickers divided by delivered emails, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "cost-per-click",
        "area": "online_marketing",
        "name_nl": "Kosten per klik (CPC)",
        "name_en": "Cost per click (CPC)",
        "definition_nl": (
            "Wat je gemiddeld betaalt voor één klik op een online advertentie: totale "
            "advertentiekosten gedeeld door het aantal klikken, per campagne en periode."
        ),
        "definition_en": (
            "The average price paid for one click on an online ad: total ad spend divided by the "
            "number of clicks, per campaign and period."
        ),
        "unit": "eur",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "website-conversion-rate",
        "area": "online_marketing",
        "name_nl": "Conversiepercentage website",
        "name_en": "Website conversion rate",
        "definition_nl": (
            "Het deel van de websitebezoeken dat eindigt in een gewenste actie, zoals een "
            "bestelling, offerteaanvraag of aanmelding: conversies gedeeld door sessies, keer 100."
        ),
        "definition_en": (
            "The share of website visits that end in a desired action such as an order, quote "
            "request or sign-up: conversions divided by sessions, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "online-conversions",
        "area": "online_marketing",
        "name_nl": "Aantal online conversies",
        "name_en": "Number of online conversions",
        "definition_nl": (
            "Het totale aantal gewenste acties op je website of uit je campagnes in de periode, "
            "zoals aankopen, offerteaanvragen of aanmeldingen. Tel alleen wat je vooraf als "
            "conversie hebt benoemd."
        ),
        "definition_en": (
            "The total number of desired actions on your website or from your campaigns in the "
            "period, such as purchases, quote requests or sign-ups. Count only what you defined as "
            "a conversion beforehand."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "organic-traffic-share",
        "area": "online_marketing",
        "name_nl": "Aandeel organisch verkeer",
        "name_en": "Organic traffic share",
        "definition_nl": (
            "Welk deel van je websitebezoek via onbetaalde zoekresultaten binnenkomt: sessies uit "
            "organisch zoekverkeer gedeeld door alle sessies, keer 100."
        ),
        "definition_en": (
            "The share of website visits that arrive through unpaid search results: sessions from "
            "organic search divided by all sessions, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "organic-traffic-growth",
        "area": "online_marketing",
        "name_nl": "Groei organisch verkeer",
        "name_en": "Organic traffic growth",
        "definition_nl": (
            "De procentuele groei van het aantal sessies uit organische zoekresultaten ten "
            "opzichte van dezelfde periode vorig jaar, zodat seizoensinvloeden wegvallen."
        ),
        "definition_en": (
            "The percentage growth in sessions from organic search results compared with the same "
            "period last year, so that seasonal effects cancel out."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "top-3-search-rankings",
        "area": "online_marketing",
        "name_nl": "Aantal top-3-posities in zoekmachines",
        "name_en": "Top 3 search rankings",
        "definition_nl": (
            "Het aantal zoekwoorden uit je vaste zoekwoordenlijst waarop je website in de "
            "organische zoekresultaten op positie 1, 2 of 3 staat, gemeten op een vaste dag in de "
            "periode."
        ),
        "definition_en": (
            "The number of keywords from your fixed keyword list for which your site ranks in "
            "position 1, 2 or 3 of the organic results, measured on a fixed day in the period."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "return-on-ad-spend",
        "area": "online_marketing",
        "name_nl": "Return on ad spend (ROAS)",
        "name_en": "Return on ad spend (ROAS)",
        "definition_nl": (
            "Hoeveel omzet elke euro advertentiebudget oplevert: aan advertenties toegeschreven "
            "omzet gedeeld door de advertentiekosten. Een ROAS van 4 betekent 4 euro omzet per "
            "euro aan advertenties."
        ),
        "definition_en": (
            "How much revenue each euro of ad budget brings in: revenue attributed to ads divided "
            "by ad spend. A ROAS of 4 means 4 euros of revenue per euro spent on ads."
        ),
        "unit": "ratio",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "cost-per-acquisition",
        "area": "online_marketing",
        "name_nl": "Kosten per conversie (CPA)",
        "name_en": "Cost per acquisition (CPA)",
        "definition_nl": (
            "De gemiddelde advertentiekosten voor één conversie, zoals een bestelling, lead of "
            "aanmelding: totale campagnekosten gedeeld door het aantal conversies uit die "
            "campagnes."
        ),
        "definition_en": (
            "The average ad cost of one conversion, such as an order, lead or sign-up: total "
            "campaign cost divided by the number of conversions from those campaigns."
        ),
        "unit": "eur",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "lagging",
        "customer_facing": False,
    },
    {
        "slug": "impression-share",
        "area": "online_marketing",
        "name_nl": "Vertoningsaandeel",
        "name_en": "Search impression share",
        "definition_nl": (
            "Het deel van de vertoningen waarvoor je advertenties in aanmerking kwamen dat ze ook "
            "echt kregen: werkelijke vertoningen gedeeld door het geschatte aantal mogelijke "
            "vertoningen, keer 100."
        ),
        "definition_en": (
            "The share of eligible impressions your ads actually received: actual impressions "
            "divided by the estimated number of impressions available, times 100."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "social-media-followers",
        "area": "online_marketing",
        "name_nl": "Volgers op social media",
        "name_en": "Social media followers",
        "definition_nl": (
            "Het totale aantal volgers op je zakelijke social-mediakanalen op de laatste dag van "
            "de periode. Kijk vooral naar de netto groei ten opzichte van de vorige periode."
        ),
        "definition_en": (
            "The total number of followers on your business social media channels on the last day "
            "of the period. Focus on net growth compared with the previous period."
        ),
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "social-media-engagement-rate",
        "area": "online_marketing",
        "name_nl": "Engagementratio social media",
        "name_en": "Social media engagement rate",
        "definition_nl": (
            "Hoeveel mensen op je berichten reageren: likes, reacties, shares en klikken samen, "
            "gedeeld door het bereik, keer 100, gemiddeld over de berichten in de periode."
        ),
        "definition_en": (
            "How much people interact with your posts: likes, comments, shares and clicks "
            "combined, divided by reach, times 100, averaged over the posts in the period."
        ),
        "unit": "percent",
        "direction": "higher",
        "frequency": "monthly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "cart-abandonment-rate",
        "area": "online_marketing",
        "name_nl": "Percentage verlaten winkelwagens",
        "name_en": "Cart abandonment rate",
        "definition_nl": (
            "Het deel van de gevulde winkelwagens dat niet tot een afgeronde bestelling leidt: "
            "gestarte winkelwagens min afgeronde bestellingen, gedeeld door gestarte winkelwagens, "
            "keer 100."
        ),
        "definition_en": (
            "The share of filled shopping carts that do not turn into a completed order: carts "
            "started minus orders completed, divided by carts started, times 100."
        ),
        "unit": "percent",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": False,
    },
    {
        "slug": "page-load-time",
        "area": "online_marketing",
        "name_nl": "Laadtijd van de website (seconden)",
        "name_en": "Page load time (seconds)",
        "definition_nl": (
            "Het aantal seconden tot de belangrijkste inhoud van een pagina zichtbaar is (Largest "
            "Contentful Paint), gemeten bij echte bezoekers op mobiel; rapporteer de waarde die "
            "75% van de bezoeken haalt."
        ),
        "definition_en": (
            "The number of seconds until the main content of a page is visible (Largest Contentful "
            "Paint), measured for real visitors on mobile; report the value that 75% of visits "
            "meet."
        ),
        "unit": "other",
        "direction": "lower",
        "frequency": "weekly",
        "indicator_type": "leading",
        "customer_facing": True,
    },
)


def load(apps, schema_editor):
    kpi_template = apps.get_model("indicators", "KpiTemplate")
    db_alias = schema_editor.connection.alias
    existing = set(
        kpi_template.objects.using(db_alias)
        .filter(slug__in=[t["slug"] for t in KPI_TEMPLATES])
        .values_list("slug", flat=True)
    )
    kpi_template.objects.using(db_alias).bulk_create(
        [kpi_template(**t) for t in KPI_TEMPLATES if t["slug"] not in existing]
    )


def unload(apps, schema_editor):
    kpi_template = apps.get_model("indicators", "KpiTemplate")
    db_alias = schema_editor.connection.alias
    kpi_template.objects.using(db_alias).filter(
        slug__in=[t["slug"] for t in KPI_TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
