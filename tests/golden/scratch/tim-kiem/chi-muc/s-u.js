CongkhaiSearch.load("s:u",{"ubnd":[[],"AKAKAKAJAJATBT"],"ubnd_cong":[[],"FJ"],"ubnd_kiem":[[],"DJ"],"ubnd_xa":[[],"HJ"]});
